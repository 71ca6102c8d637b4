using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Stratus.Schema.AppSync;
using Stratus.Schema.Filters;
using Stratus.Schema.Model;
using Stratus.Server.Conflicts;
using Stratus.Schema.AppSync.Errors;
using Stratus.Server.Hosting;
using Stratus.Server.Realtime.Bus;
using Stratus.Server.Storage;

namespace Stratus.Server.Sync;

/// <summary>
/// AppSync's sync-enabled (versioned) create, update and delete (appsync-protocol.md §3–4): server-owned
/// <c>_version</c>, soft deletes, the user <c>condition</c> checked on the locked item, and the model's conflict
/// handler deciding on a version mismatch.
/// </summary>
public sealed partial class SyncMutations(ItemStore store, ConflictPolicy conflicts, IConflictHandler handler, ISubscriptionBus bus, Observability.StratusTelemetry telemetry, AdminConsole.ConflictLog conflictLog, TimeProvider time, IOptions<StratusOptions> options, ILogger<SyncMutations> logger)
{
    /// <summary>How often a LAMBDA resolution is retried when the item changes while the handler runs.</summary>
    public const int MaxAttempts = 5;

    private static readonly string[] ClientForbidden = [SyncFields.LastChangedAt, SyncFields.Deleted, SyncFields.Ttl];
    private static readonly string[] Metadata = [SyncFields.Version, SyncFields.Deleted, SyncFields.LastChangedAt, SyncFields.Ttl];

    public async Task<StoredItem> CreateAsync(ModelDefinition model, IReadOnlyDictionary<string, object?> input, FilterNode? condition, CancellationToken cancellationToken)
    {
        RejectMetadata(input);
        var clock = Clock();
        var data = new JsonObject();
        foreach (var (name, value) in input)
        {
            if (name != SyncFields.Version && value is not null)
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

        // Most creates are of a new key with no condition: one round trip where the database allows it.
        if (condition is null && !bus.PublishesInTransaction
            && await store.TryCreateAsync(model.Name, pk, data, clock, item => bus.PublishAsync(Change(model, ChangeOperation.Create, item), CancellationToken.None).AsTask(), cancellationToken) is { } created)
        {
            return created;
        }

        return await WriteAsync(model, ChangeOperation.Create, pk, clock, current =>
        {
            if (current is not null || !FilterEvaluator.Matches(condition, new JsonObject()))
            {
                throw new ConditionalCheckFailedException();
            }

            return new WritePlan(data, Deleted: false, TtlSeconds: null);
        }, cancellationToken);
    }

    /// <param name="authorization">The items the caller may change (owner and group rules); others look missing.</param>
    public async Task<StoredItem> UpdateAsync(ModelDefinition model, string field, IReadOnlyDictionary<string, object?> input, FilterNode? condition, CancellationToken cancellationToken, JsonObject? arguments = null, FilterNode? authorization = null)
    {
        RejectMetadata(input);
        var clock = Clock();
        var pk = ItemKey.Encode(model, input);
        var keys = model.PrimaryKey.AllFields.ToHashSet();
        var incoming = new JsonObject();
        foreach (var (name, value) in input.Where(p => p.Key != SyncFields.Version && !keys.Contains(p.Key)))
        {
            incoming[name] = ItemJson.FromArgument(value);
        }

        var strategy = conflicts.For(model.Name);
        var caller = conflictLog.Caller();
        if (strategy == ConflictHandlerKind.Lambda)
        {
            return await ResolveWithHandlerAsync(model, field, pk, clock, input, incoming, condition, arguments, authorization, delete: false, caller, cancellationToken);
        }

        return await WriteAsync(model, ChangeOperation.Update, pk, clock, current =>
        {
            var existing = Live(Authorized(current, authorization), field);
            CheckCondition(condition, existing);
            JsonObject data;
            if (Version(input) == existing.Version || strategy == ConflictHandlerKind.None)
            {
                if (Version(input) != existing.Version)
                {
                    telemetry.Conflict(model.Name, strategy, "overwritten");
                    conflictLog.Record(model.Name, pk, "update", strategy, "overwritten", ItemJson.FromArgument(input), existing.ToGraphQL(), caller);
                }

                data = Apply(existing.Data, incoming);
            }
            else if (strategy == ConflictHandlerKind.Automerge)
            {
                data = Automerge.Merge(existing.Data, WithoutNulls(incoming), name => model.FindField(name)?.Scalar == ScalarType.AWSJSON);
                logger.AutomergeApplied(model.Name, existing.Version, Version(input));
                telemetry.Conflict(model.Name, strategy, "merged");
                conflictLog.Record(model.Name, pk, "update", strategy, "merged", ItemJson.FromArgument(input), existing.ToGraphQL(), caller);
            }
            else
            {
                throw Conflict(model, existing, input, "update", caller);
            }

            return Updated(model, data, clock);
        }, cancellationToken);
    }

    public async Task<StoredItem> DeleteAsync(ModelDefinition model, string field, IReadOnlyDictionary<string, object?> input, FilterNode? condition, CancellationToken cancellationToken, JsonObject? arguments = null, FilterNode? authorization = null)
    {
        RejectMetadata(input);
        var clock = Clock();
        var pk = ItemKey.Encode(model, input);
        var strategy = conflicts.For(model.Name);
        var caller = conflictLog.Caller();
        if (strategy == ConflictHandlerKind.Lambda)
        {
            return await ResolveWithHandlerAsync(model, field, pk, clock, input, new JsonObject(), condition, arguments, authorization, delete: true, caller, cancellationToken);
        }

        return await WriteAsync(model, ChangeOperation.Delete, pk, clock, current =>
        {
            var existing = Authorized(current, authorization) ?? throw new UnauthorizedFieldException(field, "Mutation");
            CheckCondition(condition, existing);

            // A stale delete is rejected by every handler that detects conflicts (Automerge cannot merge a delete).
            if (Version(input) != existing.Version && strategy != ConflictHandlerKind.None)
            {
                throw Conflict(model, existing, input, "delete", caller);
            }

            return Tombstone(existing, clock);
        }, cancellationToken);
    }

    /// <summary>
    /// LAMBDA: the handler runs outside the database transaction (a slow handler must not hold the model's lock), so
    /// the decision is written only if the item is still the one the handler saw; otherwise it is asked again, up
    /// to <see cref="MaxAttempts"/> times, then <c>MaxConflicts</c>.
    /// </summary>
    private async Task<StoredItem> ResolveWithHandlerAsync(ModelDefinition model, string field, string pk, WriteClock clock, IReadOnlyDictionary<string, object?> input, JsonObject incoming, FilterNode? condition, JsonObject? arguments, FilterNode? authorization, bool delete, string? caller, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var seen = Authorized(await store.GetAsync(model.Name, pk, clock.Now.ToUnixTimeSeconds(), cancellationToken), authorization);
            var existing = delete ? seen ?? throw new UnauthorizedFieldException(field, "Mutation") : Live(seen, field);
            CheckCondition(condition, existing);
            WritePlan plan;
            if (Version(input) == existing.Version)
            {
                plan = delete ? Tombstone(existing, clock) : Updated(model, Apply(existing.Data, incoming), clock);
            }
            else
            {
                var newItem = delete ? existing.ToGraphQL() : (existing with { Data = Apply(existing.Data, incoming) }).ToGraphQL();
                var request = new ConflictRequest(newItem, existing.ToGraphQL(), arguments ?? new JsonObject { ["input"] = ItemJson.FromArgument(input) },
                    new ConflictResolver(model.Name, field), Identity: null);
                var resolution = await handler.ResolveAsync(request, cancellationToken);
                plan = (resolution.Action, delete) switch
                {
                    (ConflictAction.Reject, _) => throw Conflict(model, existing, input, delete ? "delete" : "update", caller),
                    (ConflictAction.Remove, true) => Tombstone(existing, clock),
                    (ConflictAction.Resolve, false) when resolution.Item is not null => Updated(model, Replace(model, existing.Data, resolution.Item), clock),
                    _ => throw new ConflictHandlerFailedException($"The conflict handler answered {resolution.Action.ToString().ToUpperInvariant()}, which is not valid for {field}; "
                        + (delete ? "a delete takes REMOVE or REJECT." : "an update takes RESOLVE with an item, or REJECT.")),
                };
                logger.ConflictHandled(model.Name, existing.Version, Version(input), resolution.Action.ToString());
                telemetry.Conflict(model.Name, ConflictHandlerKind.Lambda, resolution.Action.ToString().ToLowerInvariant());
                conflictLog.Record(model.Name, pk, delete ? "delete" : "update", ConflictHandlerKind.Lambda, resolution.Action.ToString().ToLowerInvariant(), ItemJson.FromArgument(input), existing.ToGraphQL(), caller);
            }

            try
            {
                return await WriteAsync(model, delete ? ChangeOperation.Delete : ChangeOperation.Update, pk, clock, current =>
                {
                    if (current is null || current.Version != existing.Version)
                    {
                        throw new ItemChangedException();
                    }

                    CheckCondition(condition, current);
                    return plan;
                }, cancellationToken);
            }
            catch (ItemChangedException)
            {
                logger.ConflictRetry(model.Name, attempt);
            }
        }

        throw new MaxConflictsException(MaxAttempts);
    }

    /// <summary>
    /// Writes and announces the write to the subscriptions exactly once: failed or rejected writes publish nothing,
    /// and an item's events leave in commit order (inside the transaction, or right after it under the item's gate).
    /// </summary>
    private Task<StoredItem> WriteAsync(ModelDefinition model, ChangeOperation operation, string pk, WriteClock clock, Func<StoredItem?, WritePlan> decide, CancellationToken cancellationToken)
    {
        ChangeEvent Event(StoredItem item) => Change(model, operation, item);
        return bus.PublishesInTransaction
            ? store.WriteAsync(model.Name, pk, clock, decide, cancellationToken,
                inTransaction: (item, parameters) => bus.AnnounceInTransaction(Event(item), parameters))
            : store.WriteAsync(model.Name, pk, clock, decide, cancellationToken,
                // Committed: a client that gave up waiting must not stop the event.
                afterCommit: item => bus.PublishAsync(Event(item), CancellationToken.None).AsTask());
    }

    private static ChangeEvent Change(ModelDefinition model, ChangeOperation operation, StoredItem item) =>
        new(model.Name, operation, item.Pk, item.Version, item.ToGraphQL());

    private WriteClock Clock()
    {
        var now = time.GetUtcNow();
        return new WriteClock(now, now.AddMinutes(options.Value.DeltaTtl).ToUnixTimeMilliseconds());
    }

    private static WritePlan Updated(ModelDefinition model, JsonObject data, WriteClock clock)
    {
        if (model.UpdatedAtField is { } updatedAt)
        {
            data[updatedAt] = ItemJson.IsoNow(clock.Now);
        }

        return new WritePlan(data, Deleted: false, TtlSeconds: null);
    }

    private WritePlan Tombstone(StoredItem existing, WriteClock clock) =>
        new(existing.Data, Deleted: true, TtlSeconds: clock.Now.AddMinutes(options.Value.TombstoneTtl).ToUnixTimeSeconds());

    /// <summary>An item outside the caller's reach is treated as missing, so the answer reveals nothing.</summary>
    private static StoredItem? Authorized(StoredItem? current, FilterNode? authorization) =>
        current is null || authorization is null || FilterEvaluator.Matches(authorization, current.ToGraphQL()) ? current : null;

    private static StoredItem Live(StoredItem? current, string field)
    {
        if (current is null)
        {
            throw new UnauthorizedFieldException(field, "Mutation");
        }

        if (current.Deleted)
        {
            // Writing to a tombstone conflicts: the client learns the item is deleted from the returned data.
            throw new ConflictUnhandledException(ItemJson.ToGraphQL(current.ToGraphQL())!);
        }

        return current;
    }

    private ConflictUnhandledException Conflict(ModelDefinition model, StoredItem existing, IReadOnlyDictionary<string, object?> input, string operation, string? caller)
    {
        logger.ConflictRejected(model.Name, existing.Version, Version(input));
        telemetry.Conflict(model.Name, conflicts.For(model.Name), "rejected");
        conflictLog.Record(model.Name, existing.Pk, operation, conflicts.For(model.Name), "rejected", ItemJson.FromArgument(input), existing.ToGraphQL(), caller);

        return new ConflictUnhandledException(ItemJson.ToGraphQL(existing.ToGraphQL())!);
    }

    private static void CheckCondition(FilterNode? condition, StoredItem existing)
    {
        if (condition is not null && !FilterEvaluator.Matches(condition, existing.ToGraphQL()))
        {
            throw new ConditionalCheckFailedException();
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

    /// <summary>A RESOLVE item replaces the stored item; "the primary key and sync metadata will be ignored if included".</summary>
    private static JsonObject Replace(ModelDefinition model, JsonObject existing, JsonObject item)
    {
        var data = new JsonObject();
        foreach (var (name, value) in item)
        {
            if (!Metadata.Contains(name) && value is not null && model.FindField(name) is { Kind: not FieldKind.Relationship })
            {
                data[name] = value.DeepClone();
            }
        }

        foreach (var name in model.PrimaryKey.AllFields.Append(model.CreatedAtField).OfType<string>())
        {
            data[name] = existing[name]?.DeepClone();
        }

        return data;
    }

    private static JsonObject WithoutNulls(JsonObject incoming) =>
        new(incoming.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value!.DeepClone())));

    /// <summary>A missing <c>_version</c> counts as 0, as in AppSync's resolver (<c>defaultIfNull(_version, 0)</c>).</summary>
    private static long Version(IReadOnlyDictionary<string, object?> input) =>
        input.TryGetValue(SyncFields.Version, out var v) && v is not null ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static void RejectMetadata(IReadOnlyDictionary<string, object?> input)
    {
        var forbidden = ClientForbidden.FirstOrDefault(input.ContainsKey);
        if (forbidden is not null)
        {
            throw new BadRequestException($"{forbidden} is managed by the server and cannot be set by a client.");
        }
    }

    /// <summary>The <c>@default</c> value as stored JSON: numbers and booleans as JSON literals, the rest as strings.</summary>
    private static JsonNode? DefaultValue(FieldDefinition field) => field.Scalar is ScalarType.Int or ScalarType.AWSTimestamp or ScalarType.Float or ScalarType.Boolean
        ? JsonNode.Parse(field.DefaultValue!)
        : JsonValue.Create(field.DefaultValue);

    /// <summary>The item changed between the handler's read and the write; the resolution must be asked again.</summary>
    private sealed class ItemChangedException : Exception;
}
