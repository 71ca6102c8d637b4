using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Stratus.Schema.Filters;
using Stratus.Schema.Model;
using Stratus.Schema.AppSync.Errors;
using Stratus.Server.Hosting;
using Stratus.Server.Storage;

namespace Stratus.Server.Sync;

/// <summary>
/// get, list, index queries and AppSync's <c>Sync</c> operation (appsync-protocol.md §3): a base scan when
/// <c>lastSync</c> is null, 0 or older than DeltaSyncTableTTL, else the delta table since <c>lastSync</c>;
/// <c>startedAt</c> fixed at the first page and carried in the signed <c>nextToken</c>.
/// </summary>
public sealed class SyncQueries(ItemStore store, NextTokenCodec tokens, TimeProvider time, IOptions<StratusOptions> options, Observability.StratusTelemetry telemetry, AdminConsole.ClientActivity activity)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public async Task<StoredItem?> GetAsync(ModelDefinition model, IReadOnlyDictionary<string, object?> keys, CancellationToken cancellationToken) =>
        await store.GetAsync(model.Name, ItemKey.Encode(model, keys), time.GetUtcNow().ToUnixTimeSeconds(), cancellationToken);

    /// <summary>A list or index query page; <paramref name="scope"/> names the field and arguments the token is bound to.</summary>
    public async Task<Connection> QueryAsync(ModelDefinition model, string scope, QuerySpec spec, int? limit, string? nextToken, CancellationToken cancellationToken)
    {
        var pageSize = Limit(limit);
        var after = nextToken is null ? null : Cursor(tokens.Decode(scope, nextToken));
        var page = await store.QueryAsync(model, spec with { Limit = pageSize, After = after }, time.GetUtcNow().ToUnixTimeSeconds(), cancellationToken);
        return ToConnection(scope, page);
    }

    /// <summary>
    /// First pages of one query for many partition values at once (hasMany under many parents); each page's token
    /// is bound to <paramref name="scope"/> plus its partition value.
    /// </summary>
    public async Task<Dictionary<string, Connection>> QueryPartitionsAsync(ModelDefinition model, string scope, QuerySpec spec, FieldDefinition partitionField, IReadOnlyCollection<object?> values, int? limit, CancellationToken cancellationToken)
    {
        var pages = await store.QueryPartitionsAsync(model, spec with { Limit = Limit(limit) }, partitionField, values, time.GetUtcNow().ToUnixTimeSeconds(), cancellationToken);
        return values.Select(ItemStore.PartitionKey).Distinct().ToDictionary(
            key => key,
            key => pages.TryGetValue(key, out var page) ? ToConnection(scope + "@" + key, page) : new Connection([], null, null));
    }

    private Connection ToConnection(string scope, ItemPage page)
    {
        var token = page.LastCursor is null ? null : tokens.Encode(scope, new JsonObject { ["after"] = ItemJson.FromArgument(page.LastCursor) });
        return new Connection(page.Items.Select(i => (object?)new Graphql.Pages.PageItem(i)).ToList(), token, null);
    }

    public async Task<Connection> SyncAsync(ModelDefinition model, string scope, FilterNode? filter, int? limit, string? nextToken, long? lastSync, CancellationToken cancellationToken)
    {
        var pageSize = Limit(limit);
        var now = time.GetUtcNow();
        long startedAt;
        bool delta;
        IReadOnlyList<object?>? after = null;
        if (nextToken is not null)
        {
            var state = tokens.Decode(scope, nextToken);
            startedAt = state["startedAt"]!.GetValue<long>();
            delta = state["delta"]!.GetValue<bool>();
            lastSync = state["lastSync"]?.GetValue<long>();
            after = Cursor(state);
        }
        else
        {
            // Raising the clock waits for in-flight writes, so no later commit is stamped at or below startedAt.
            startedAt = await store.ReadClockAsync(model.Name, now.ToUnixTimeMilliseconds(), cancellationToken);
            var deltaHorizon = now.AddMinutes(-options.Value.DeltaTtl).ToUnixTimeMilliseconds();
            delta = lastSync is > 0 && lastSync >= deltaHorizon;
            activity.Synced(model.Name, lastSync, isBase: !delta);
        }

        telemetry.SyncPages.Add(1, new KeyValuePair<string, object?>("model", model.Name), new("kind", delta ? "delta" : "base"));
        var page = delta
            ? await store.DeltaAsync(model, filter, lastSync!.Value, now.ToUnixTimeMilliseconds(), pageSize, after, cancellationToken)
            : await store.QueryAsync(model, new QuerySpec { Filter = filter, Limit = pageSize, After = after }, now.ToUnixTimeSeconds(), cancellationToken);

        string? token = null;
        if (page.LastCursor is not null)
        {
            token = tokens.Encode(scope, new JsonObject
            {
                ["startedAt"] = startedAt,
                ["delta"] = delta,
                ["lastSync"] = lastSync,
                ["after"] = ItemJson.FromArgument(page.LastCursor),
            });
        }

        return new Connection(page.Items.Select(i => (object?)new Graphql.Pages.PageItem(i)).ToList(), token, startedAt);
    }

    public static object? Output(StoredItem item) => ItemJson.ToGraphQL(item.ToGraphQL());

    private static IReadOnlyList<object?>? Cursor(JsonObject state) =>
        (state["after"] as JsonArray)?.Select(ItemJson.ToGraphQL).ToList();

    private static int Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        < 1 or > MaxLimit => throw new BadRequestException($"limit must be between 1 and {MaxLimit}; got {limit}."),
        _ => limit.Value,
    };
}
