using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Stratus.DataStore.Api;
using Stratus.DataStore.Events;
using Stratus.DataStore.Models;
using Stratus.DataStore.Storage;
using Stratus.Schema.AppSync;
using Stratus.Schema.Filters;

namespace Stratus.DataStore.Sync.Pull;

/// <summary>How one model's sync ended.</summary>
internal sealed record ModelPullResult(string Model, bool IsFullSync, MergeCounts Counts, int Records, bool LimitReached);

/// <summary>
/// Pulls one model (datastore-client.md §3.5–3.6): a full sync (<c>lastSync: 0</c>) when there was none yet, the
/// last one is older than <c>FullSyncInterval</c> or the selective-sync expression changed, else a delta sync from
/// the stored <c>startedAt</c>; pages of <c>SyncPageSize</c>, each merged in its own transaction, so memory holds
/// one page; at most <c>MaxRecordsToSync</c> records, and reaching that is an event, never a silent cut. The
/// cursor moves only when the run completes, so a run cut short is repeated from where the last one ended.
/// </summary>
internal sealed class ModelPuller(StratusDataStore store, SyncApi api, RemoteMerger merger, EventHub events, ILogger logger)
{
    public async Task<ModelPullResult> PullAsync(ModelInfo info, FilterNode? expression, CancellationToken cancellationToken)
    {
        var options = store.Options;
        var schema = store.Catalog.Schema;
        var expressionJson = expression is null ? null : FilterJson.ToJson(expression);
        var expressionHash = expressionJson?.ToJsonString();
        var state = await LoadStateAsync(info.Name, cancellationToken).ConfigureAwait(false);
        var now = store.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var expressionChanged = state is not null && state.SyncExpressionHash != expressionHash;
        var full = state?.LastSync is null || state.LastFullSyncAt is null || expressionChanged
            || state.LastFullSyncAt + (long)options.FullSyncInterval.TotalMilliseconds <= now;
        var lastSync = full ? 0 : state!.LastSync!.Value;

        var query = ClientDocuments.Sync(schema, info.Definition);
        var field = info.Definition.Operations.Sync!;
        string? nextToken = null;
        long? startedAt = null;
        var counts = default(MergeCounts);
        var received = 0;
        var page = 0;

        // While a page is merged, the next one is already on its way and read into records: the server's work, the
        // network and the JSON overlap with the local write. A merge that fails cancels the page fetched ahead.
        using var ahead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        async Task<SyncPage> Fetch(string? token, int limit)
        {
            var result = await api.SendAsync(info.Definition, "sync", query, new JsonObject
            {
                ["limit"] = limit,
                ["nextToken"] = token,
                ["lastSync"] = lastSync,
                ["filter"] = expressionJson?.DeepClone(),
            }, pooled: true, ahead.Token).ConfigureAwait(false);
            using (result.Owner)
            {
                // Everything is read out before the page's pooled memory goes back.
                var errors = result.Errors?.DeepClone().AsArray();
                if (result.Data?[field] is not JsonObject nodes)
                {
                    return new SyncPage(false, result.ErrorType, errors, [], null, null);
                }

                if (Connection(result.PooledRoot, field) is not { } connection)
                {
                    // Not read into pooled memory (an answer that is not labelled JSON): read from its nodes.
                    var read = (nodes["items"] as JsonArray ?? []).OfType<JsonObject>().Select(item => merger.Read(info, item)).ToList();
                    return new SyncPage(true, result.ErrorType, errors, read, nodes["nextToken"]?.GetValue<string>(), nodes["startedAt"]?.GetValue<long>());
                }

                // Read from the parsed page itself: a node per item and per value would cost more than the merge.
                var count = connection.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : 0;
                var records = new List<RemoteRecord>(count);
                if (count > 0)
                {
                    foreach (var item in items.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.Object)
                        {
                            records.Add(merger.Read(info, item));
                        }
                    }
                }

                return new SyncPage(true, result.ErrorType, errors, records, OptionalString(connection, "nextToken"), OptionalLong(connection, "startedAt"));
            }
        }

        Task<SyncPage>? pending = Fetch(null, Math.Min(options.SyncPageSize, options.MaxRecordsToSync));
        while (pending is not null)
        {
            var (answered, errorType, errors, items, next, pageStartedAt) = await pending.ConfigureAwait(false);
            if (!answered)
            {
                throw new SyncRequestException(errorType, $"sync of {info.Name} was refused: {FirstMessage(errors)}");
            }

            if (errors is { Count: > 0 })
            {
                // A partial page: the good items are kept, each error is reported (Amplify's nonApplicableDataReceived).
                logger.LogWarning(EventIds.PartialSyncPage, "A {Model} sync page came with {Count} errors: {Message}", info.Name, errors.Count, FirstMessage(errors));
                await events.ErrorAsync(new(Conflicts.SyncProcess.Sync, info.Name, errorType, FirstMessage(errors)), cancellationToken).ConfigureAwait(false);
            }

            nextToken = next;
            var total = received + items.Count;
            pending = nextToken is not null && total < options.MaxRecordsToSync
                ? Fetch(nextToken, Math.Min(options.SyncPageSize, options.MaxRecordsToSync - total))
                : null;
            try
            {
                counts += await merger.MergeAsync(info, items, refetchable: true, cancellationToken).ConfigureAwait(false);
            }
            catch when (pending is not null)
            {
                await ahead.CancelAsync().ConfigureAwait(false);
                await pending.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
                throw;
            }

            received = total;
            page++;
            startedAt ??= pageStartedAt;
            events.Publish(new SyncProgressEvent(info.Name, page, received, full));
        }

        var limitReached = nextToken is not null;
        if (limitReached)
        {
            logger.LogWarning(EventIds.SyncLimitReached, "{Model}: stopped at MaxRecordsToSync ({Limit}) with more records on the server; raise the limit or narrow the sync expression", info.Name, options.MaxRecordsToSync);
            events.Publish(new SyncLimitReachedEvent(info.Name, options.MaxRecordsToSync));
        }

        if (expressionChanged && expression is not null)
        {
            var removed = await merger.RemoveOutsideAsync(info, expression, cancellationToken).ConfigureAwait(false);
            counts += new MergeCounts(0, 0, removed);
        }

        await SaveStateAsync(info.Name, startedAt, full, now, expressionHash, cancellationToken).ConfigureAwait(false);
        logger.LogInformation(EventIds.ModelSynced, "{Model} synced ({Kind}): {Records} records in {Pages} pages", info.Name, full ? "full" : "delta", received, page);
        return new ModelPullResult(info.Name, full, counts, received, limitReached);
    }

    /// <summary>The page's <c>data.syncX</c> object in the pooled answer (an answer read otherwise has none).</summary>
    private static JsonElement? Connection(JsonElement root, string field) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty(field, out var connection) && connection.ValueKind == JsonValueKind.Object
            ? connection
            : null;

    private static string? OptionalString(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? OptionalLong(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    private async Task<ModelSyncState?> LoadStateAsync(string model, CancellationToken cancellationToken)
    {
        await using var db = store.NewContext();
        return await db.SyncStates.AsNoTracking().FirstOrDefaultAsync(s => s.ModelName == model, cancellationToken).ConfigureAwait(false);
    }

    private Task SaveStateAsync(string model, long? startedAt, bool full, long now, string? expressionHash, CancellationToken cancellationToken) =>
        store.Writer.WriteAsync(async (db, _) =>
        {
            var state = await db.SyncStates.FirstOrDefaultAsync(s => s.ModelName == model, cancellationToken).ConfigureAwait(false);
            if (state is null)
            {
                state = new ModelSyncState { ModelName = model };
                db.SyncStates.Add(state);
            }

            // Without a startedAt (a server that sends none) every later sync is a full one, as in amplify-js.
            state.LastSync = startedAt;
            state.SyncExpressionHash = expressionHash;
            if (full)
            {
                state.LastFullSync = startedAt;
                state.LastFullSyncAt = now;
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    internal static string FirstMessage(JsonArray? errors) =>
        errors is [JsonObject first, ..] && first["message"] is JsonValue message ? message.ToString() : "no message";
}

/// <summary>One sync page as the merge needs it: whether the server answered it, its errors, its records and cursor.</summary>
internal sealed record SyncPage(bool Answered, string? ErrorType, JsonArray? Errors, List<RemoteRecord> Records, string? NextToken, long? StartedAt);

/// <summary>The server answered a sync request with errors only (not a transient failure).</summary>
internal sealed class SyncRequestException(string? errorType, string message) : Exception(message)
{
    public string? ErrorType { get; } = errorType;
}
