using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
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
/// the stored <c>startedAt</c>; pages of <c>SyncPageSize</c>, fetched ahead of the merge and merged in transactions of
/// one to <see cref="PagesAhead"/> pages, so memory holds a few pages whatever the sync's size; at most
/// <c>MaxRecordsToSync</c> records, and reaching that is an event, never a silent cut. The cursor moves only when
/// the run completes, so a run cut short is repeated from where the last one ended.
/// </summary>
internal sealed class ModelPuller(StratusDataStore store, SyncApi api, RemoteMerger merger, EventHub events, ILogger logger)
{
    /// <summary>How many read pages may wait for the merge while the next is fetched, and the most merged together.</summary>
    private const int PagesAhead = 4;

    public async Task<ModelPullResult> PullAsync(ModelInfo info, FilterNode? expression, CancellationToken cancellationToken)
    {
        var options = store.Options;
        var schema = store.Catalog.Schema;
        var expressionJson = expression is null ? null : FilterJson.ToJson(expression);
        var expressionHash = expressionJson?.ToJsonString();
        var state = LoadState(info.Name);
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

        // Pages come one after another (each asks from the last one's nextToken) from a fetch loop of its own, which
        // asks for the next page as soon as it has this one's token and reads this one's items into records while
        // the server works on the next; up to PagesAhead read pages wait for the merge. A failed merge cancels the
        // loop; a failed fetch ends it after the pages it read are merged.
        using var ahead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pages = Channel.CreateBounded<SyncPage>(new BoundedChannelOptions(PagesAhead) { SingleReader = true, SingleWriter = true });
        Task<GraphqlResult> Send(string? token, int limit) => api.SendAsync(info.Definition, "sync", query, new JsonObject
        {
            ["limit"] = limit,
            ["nextToken"] = token,
            ["lastSync"] = lastSync,
            ["filter"] = expressionJson?.DeepClone(),
        }, pooled: true, ahead.Token);
        var fetching = FetchAsync(info, field, Send, pages.Writer, ahead);
        try
        {
            // Pages that are waiting when a merge starts are merged together, in one write: when the merge is the
            // slower side, its work per write (the commit above all) is shared by more records.
            var batch = new List<SyncPage>(PagesAhead);
            while (await pages.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                SyncPage? refused = null;
                while (batch.Count < PagesAhead && pages.Reader.TryRead(out var read))
                {
                    if (!read.Answered)
                    {
                        refused = read;
                        break;
                    }

                    if (read.Errors is { Count: > 0 } errors)
                    {
                        // A partial page: the good items are kept, each error is reported (Amplify's nonApplicableDataReceived).
                        logger.LogWarning(EventIds.PartialSyncPage, "A {Model} sync page came with {Count} errors: {Message}", info.Name, errors.Count, FirstMessage(errors));
                        await events.ErrorAsync(new(Conflicts.SyncProcess.Sync, info.Name, read.ErrorType, FirstMessage(errors)), cancellationToken).ConfigureAwait(false);
                    }

                    batch.Add(read);
                }

                if (batch.Count > 0)
                {
                    counts += await merger.MergeAsync(info, batch.Count == 1 ? batch[0].Records : [.. batch.SelectMany(b => b.Records)], refetchable: true, cancellationToken).ConfigureAwait(false);
                    foreach (var merged in batch)
                    {
                        nextToken = merged.NextToken;
                        received += merged.Records.Count;
                        page++;
                        startedAt ??= merged.StartedAt;
                        events.Publish(new SyncProgressEvent(info.Name, page, received, full));
                    }

                    batch.Clear();
                }

                if (refused is not null)
                {
                    throw new SyncRequestException(refused.ErrorType, $"sync of {info.Name} was refused: {FirstMessage(refused.Errors)}");
                }
            }
        }
        catch
        {
            await ahead.CancelAsync().ConfigureAwait(false);
            // The merge's failure is the one reported; the fetch loop's own, if any, is observed and dropped.
            await fetching.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        // A fetch that failed after the pages it read were merged.
        await fetching.ConfigureAwait(false);

        var limitReached = nextToken is not null;
        if (limitReached)
        {
            logger.LogWarning(EventIds.SyncLimitReached, "{Model}: stopped at MaxRecordsToSync ({Limit}) with more records on the server; raise the limit or narrow the sync expression", info.Name, options.MaxRecordsToSync);
            events.Publish(new SyncLimitReachedEvent(info.Name, options.MaxRecordsToSync));
        }

        // Without a startedAt (a server that sends none) every later sync is a full one, as in amplify-js.
        void SaveState(LocalDbContext db) => SyncStateTable.Save(db, info.Name, startedAt, expressionHash, full, now);
        if (expressionChanged && expression is not null)
        {
            // The removal and the cursor with the expression that made it commit together, waiting for the disk:
            // a removal kept without it would stay when the app goes back to the old expression.
            var removed = await merger.RemoveOutsideAsync(info, expression, SaveState, cancellationToken).ConfigureAwait(false);
            counts += new MergeCounts(0, 0, removed);
        }
        else
        {
            // Refetchable as the pages are: a cursor lost with them only makes the next sync ask for them again.
            await store.Writer.WriteAsync((db, _) =>
            {
                SaveState(db);
                return Task.FromResult(true);
            }, refetchable: true, cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation(EventIds.ModelSynced, "{Model} synced ({Kind}): {Records} records in {Pages} pages", info.Name, full ? "full" : "delta", received, page);
        return new ModelPullResult(info.Name, full, counts, received, limitReached);
    }

    /// <summary>
    /// Fetches a sync's pages in order into <paramref name="pages"/>, each requested from the last one's nextToken
    /// before the last one's items are read, until the server has no more, <c>MaxRecordsToSync</c> records came or a
    /// page is refused (that page is written, and the loop ends). On failure the page asked for next is cancelled.
    /// </summary>
    private async Task FetchAsync(ModelInfo info, string field, Func<string?, int, Task<GraphqlResult>> send, ChannelWriter<SyncPage> pages, CancellationTokenSource ahead)
    {
        var options = store.Options;
        var received = 0;
        Task<GraphqlResult>? next = null;
        try
        {
            next = send(null, Math.Min(options.SyncPageSize, options.MaxRecordsToSync));
            while (next is not null)
            {
                var result = await next.ConfigureAwait(false);
                next = null;
                SyncPage page;
                using (result.Owner)
                {
                    var connection = Connection(result.PooledRoot, field);
                    var nodes = result.Data?[field] as JsonObject;
                    var token = connection is { } c ? OptionalString(c, "nextToken") : nodes?["nextToken"]?.GetValue<string>();
                    var count = connection is { } d ? Objects(d) : (nodes?["items"] as JsonArray ?? []).OfType<JsonObject>().Count();
                    received += count;
                    if (nodes is not null && token is not null && received < options.MaxRecordsToSync)
                    {
                        // The server works on the next page while this one is read.
                        next = send(token, Math.Min(options.SyncPageSize, options.MaxRecordsToSync - received));
                    }

                    page = Read(info, result, connection, nodes, token, count);
                }

                await pages.WriteAsync(page, ahead.Token).ConfigureAwait(false);
            }
        }
        catch
        {
            await ahead.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            pages.TryComplete();
            if (next is not null)
            {
                // The loop ended while the next page was on its way: that page is not wanted.
                await next.ContinueWith(Discard, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    /// <summary>An answer nobody reads: its pooled memory goes back, its failure is observed.</summary>
    private static void Discard(Task<GraphqlResult> answer)
    {
        if (answer.IsCompletedSuccessfully)
        {
            answer.Result.Owner?.Dispose();
        }
        else
        {
            _ = answer.Exception;
        }
    }

    /// <summary>Everything the merge needs out of an answer, read before the answer's pooled memory goes back.</summary>
    private SyncPage Read(ModelInfo info, GraphqlResult result, JsonElement? connection, JsonObject? nodes, string? token, int count)
    {
        var errors = result.Errors?.DeepClone().AsArray();
        if (nodes is null)
        {
            return new SyncPage(false, result.ErrorType, errors, [], null, null);
        }

        if (connection is not { } page)
        {
            // Not read into pooled memory (an answer that is not labelled JSON): read from its nodes.
            var read = (nodes["items"] as JsonArray ?? []).OfType<JsonObject>().Select(item => merger.Read(info, item)).ToList();
            return new SyncPage(true, result.ErrorType, errors, read, token, nodes["startedAt"]?.GetValue<long>());
        }

        // Read from the parsed page itself: a node per item and per value would cost more than the merge.
        var records = new List<RemoteRecord>(count);
        if (count > 0)
        {
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    records.Add(merger.Read(info, item));
                }
            }
        }

        return new SyncPage(true, result.ErrorType, errors, records, token, OptionalLong(page, "startedAt"));
    }

    /// <summary>How many items of a page are objects (a partial page may hold nulls).</summary>
    private static int Objects(JsonElement connection)
    {
        if (!connection.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        var count = 0;
        foreach (var item in items.EnumerateArray())
        {
            count += item.ValueKind == JsonValueKind.Object ? 1 : 0;
        }

        return count;
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

    private ModelSyncState? LoadState(string model)
    {
        using var db = store.NewContext();
        return SyncStateTable.Find(db, model);
    }

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
