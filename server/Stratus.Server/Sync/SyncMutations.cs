using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stratus.Schema.Filters;
using Stratus.Schema.Model;
using Stratus.Server.Conflicts;
using Stratus.Server.Graphql.Errors;
using Stratus.Server.Hosting;
using Stratus.Server.Storage;

namespace Stratus.Server.Sync;

/// <summary>
/// AppSync's sync-enabled (versioned) create, update and delete (appsync-protocol.md §3–4): server-owned
/// <c>_version</c>, soft deletes, the user <c>condition</c> checked on the locked item, and the model's conflict
/// handler deciding on a version mismatch.
/// </summary>
public sealed partial class SyncMutations(ItemStore store, ConflictPolicy conflicts, TimeProvider time, IOptions<StratusOptions> options, ILogger<SyncMutations> logger)
{
    private static readonly string[] ClientForbidden = ["_lastChangedAt", "_deleted", "_ttl"];

    public async Task<StoredItem> CreateAsync(ModelDefinition model, IReadOnlyDictionary<string, object?> input, FilterNode? condition, CancellationToken cancellationToken)
    {
        RejectMetadata(input);
        var clock = Clock();
        var data = new JsonObject();
        foreach (var (name, value) in input)
        {
            if (name != "_version" && value is not null)
            {
                data[name] = ItemJson.FromArgument(value);
            }
        }

        if (model.PrimaryKey.PartitionField == "id" && data["id"] is null)
        {
            data["id"] = Guid.NewGuid().ToString();
        }

        foreach (var field in model.StoredFields.Where(f => f.DefaultValue is not null && data[f.Name] is null))
        {
            data[field.Name] = DefaultValue(field);
        }

        var now = ItemJson.IsoNow(clock.Now);
        foreach (var stamp in new[] { model.CreatedAtField, model.UpdatedAtField }.OfType<string>())
        {
            data[stamp] ??= now;
        }

        var pk = ItemKey.Encode(model, data);
        return await store.WriteAsync(model.Name, pk, clock, current =>
        {
            if (current is not null || !FilterEvaluator.Matches(condition, new JsonObject()))
            {
                throw new ConditionalCheckFailedError();
            }

            return new WritePlan(data, Deleted: false, TtlSeconds: null);
        }, cancellationToken);
    }

    public async Task<StoredItem> UpdateAsync(ModelDefinition model, string field, IReadOnlyDictionary<string, object?> input, FilterNode? condition, CancellationToken cancellationToken)
    {
        RejectMetadata(input);
        var clock = Clock();
        var pk = ItemKey.Encode(model, input);
        var keys = model.PrimaryKey.AllFields.ToHashSet();
        var incoming = new JsonObject();
        foreach (var (name, value) in input.Where(p => p.Key != "_version" && !keys.Contains(p.Key)))
        {
            incoming[name] = ItemJson.FromArgument(value);
        }

        var strategy = conflicts.For(model.Name);
        return await store.WriteAsync(model.Name, pk, clock, current =>
        {
            var existing = Existing(current, field);
            CheckCondition(condition, existing);
            JsonObject data;
            if (Version(input) == existing.Version || strategy == ConflictHandlerKind.None)
            {
                data = Apply(existing.Data, incoming);
            }
            else if (strategy == ConflictHandlerKind.Automerge)
            {
                data = Automerge.Merge(existing.Data, WithoutNulls(incoming));
                logger.AutomergeApplied(model.Name, existing.Version, Version(input));
            }
            else
            {
                throw Conflict(model, existing, input);
            }

            if (model.UpdatedAtField is { } updatedAt)
            {
                data[updatedAt] = ItemJson.IsoNow(clock.Now);
            }

            return new WritePlan(data, Deleted: false, TtlSeconds: null);
        }, cancellationToken);
    }

    public async Task<StoredItem> DeleteAsync(ModelDefinition model, string field, IReadOnlyDictionary<string, object?> input, FilterNode? condition, CancellationToken cancellationToken)
    {
        RejectMetadata(input);
        var clock = Clock();
        var pk = ItemKey.Encode(model, input);
        var strategy = conflicts.For(model.Name);
        var ttl = clock.Now.AddMinutes(options.Value.TombstoneTtl).ToUnixTimeSeconds();
        return await store.WriteAsync(model.Name, pk, clock, current =>
        {
            var existing = current ?? throw new UnauthorizedError(field, "Mutation");
            CheckCondition(condition, existing);

            // A stale delete is rejected by every handler that detects conflicts (Automerge cannot merge a delete).
            if (Version(input) != existing.Version && strategy != ConflictHandlerKind.None)
            {
                throw Conflict(model, existing, input);
            }

            return new WritePlan(existing.Data, Deleted: true, TtlSeconds: ttl);
        }, cancellationToken);
    }

    private WriteClock Clock()
    {
        var now = time.GetUtcNow();
        return new WriteClock(now, now.AddMinutes(options.Value.DeltaTtl).ToUnixTimeMilliseconds());
    }

    private static StoredItem Existing(StoredItem? current, string field)
    {
        if (current is null)
        {
            throw new UnauthorizedError(field, "Mutation");
        }

        if (current.Deleted)
        {
            // Writing to a tombstone conflicts: the client learns the item is deleted from the returned data.
            throw new ConflictUnhandledError(ItemJson.ToGraphQL(current.ToGraphQL())!);
        }

        return current;
    }

    private ConflictUnhandledError Conflict(ModelDefinition model, StoredItem existing, IReadOnlyDictionary<string, object?> input)
    {
        logger.ConflictRejected(model.Name, existing.Version, Version(input));
        return new ConflictUnhandledError(ItemJson.ToGraphQL(existing.ToGraphQL())!);
    }

    private static void CheckCondition(FilterNode? condition, StoredItem existing)
    {
        if (condition is not null && !FilterEvaluator.Matches(condition, existing.ToGraphQL()))
        {
            throw new ConditionalCheckFailedError();
        }
    }

    /// <summary>An update sets every given field; a field sent as null is removed; absent fields are untouched.</summary>
    private static JsonObject Apply(JsonObject current, JsonObject incoming)
    {
        var data = (JsonObject)current.DeepClone();
        foreach (var (name, value) in incoming)
        {
            if (value is null)
            {
                data.Remove(name);
            }
            else
            {
                data[name] = value.DeepClone();
            }
        }

        return data;
    }

    private static JsonObject WithoutNulls(JsonObject incoming) =>
        new(incoming.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value!.DeepClone())));

    /// <summary>A missing <c>_version</c> counts as 0, as in AppSync's resolver (<c>defaultIfNull(_version, 0)</c>).</summary>
    private static long Version(IReadOnlyDictionary<string, object?> input) =>
        input.TryGetValue("_version", out var v) && v is not null ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static void RejectMetadata(IReadOnlyDictionary<string, object?> input)
    {
        var forbidden = ClientForbidden.FirstOrDefault(input.ContainsKey);
        if (forbidden is not null)
        {
            throw new BadRequestError($"{forbidden} is managed by the server and cannot be set by a client.");
        }
    }

    private static JsonNode? DefaultValue(FieldDefinition field) => field.Scalar switch
    {
        ScalarType.Int or ScalarType.AWSTimestamp => JsonValue.Create(long.Parse(field.DefaultValue!, System.Globalization.CultureInfo.InvariantCulture)),
        ScalarType.Float => JsonValue.Create(double.Parse(field.DefaultValue!, System.Globalization.CultureInfo.InvariantCulture)),
        ScalarType.Boolean => JsonValue.Create(field.DefaultValue == "true"),
        _ => JsonValue.Create(field.DefaultValue),
    };
}
