using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Stratus.DataStore.Events;
using Stratus.DataStore.Models;
using Stratus.DataStore.Storage;
using Stratus.DataStore.Sync.Conflicts;
using Stratus.Schema.AppSync;

namespace Stratus.DataStore.Sync.Outbox;

/// <summary>
/// Sends the outbox, oldest first, one at a time (datastore-client.md §3.8, doing better where amplify-js drops
/// changes): transient failures are retried by the API's pipeline and, past it, leave the entry queued for when
/// the server answers again; <c>ConflictUnhandled</c> goes to the conflict handler (retry on the server's
/// version, or discard and take the server's copy; at most 10 rounds); any other refusal goes to the error
/// handler and parks the entry as failed, still visible and still in the local row, never silently dropped.
/// </summary>
internal sealed class MutationProcessor(StratusDataStore store, SyncApi api, OutboxQueue queue, EventHub events, ILogger logger)
{
    private const int MaxConflictRounds = 10;

    /// <summary>
    /// Sends until the outbox is empty and returns how many changes were accepted and refused; throws
    /// <c>ServerUnreachableException</c> when the server stops answering. Changes go out one at a time, oldest first,
    /// but an accepted change is completed locally while the next one is on its way, when that next one is for
    /// another record (a record's next change needs the version the previous answer brings). What an earlier drain
    /// left in flight (cut short by the server going away) is sent again first, in order.
    /// </summary>
    public async Task<(int Sent, int Failed)> DrainAsync(CancellationToken cancellationToken)
    {
        var (sent, failed) = (0, 0);
        // Runs on the thread pool while a change is sent (SQLite's async calls complete synchronously, so it must be
        // started there to overlap): the previous change's completion, or a look-ahead peek; either yields the entry
        // to send next, when one is ready.
        var completing = Task.FromResult<OutboundMutation?>(null);
        try
        {
            var mutation = await queue.PeekAsync(resetInFlight: true, cancellationToken).ConfigureAwait(false);
            if (mutation is not null)
            {
                completing = Task.Run(() => queue.PeekAheadAsync(cancellationToken), CancellationToken.None);
            }

            while (mutation is not null)
            {
                var outcome = await SendOrParkAsync(mutation, cancellationToken).ConfigureAwait(false);
                var peeked = await completing.ConfigureAwait(false);
                completing = Task.FromResult<OutboundMutation?>(null);
                (sent, failed) = outcome.Accepted ? (sent + 1, failed) : (sent, failed + 1);
                if (outcome.Item is { } item)
                {
                    var done = mutation;
                    completing = Task.Run(() => CompleteAsync(done, item, cancellationToken), CancellationToken.None);
                }

                if (peeked is not null)
                {
                    mutation = peeked;
                }
                else
                {
                    // Nothing was ready ahead (the next change is for the same record, or none was queued yet).
                    mutation = outcome.Item is not null
                        ? await completing.ConfigureAwait(false)
                        : await queue.PeekAsync(resetInFlight: false, cancellationToken).ConfigureAwait(false);
                    completing = mutation is null ? Task.FromResult<OutboundMutation?>(null) : Task.Run(() => queue.PeekAheadAsync(cancellationToken), CancellationToken.None);
                }

                events.Publish(new OutboxStatusEvent(mutation is null));
            }
        }
        finally
        {
            // Leaving on an error: the completion or peek under way still finishes (or fails) before the caller goes on.
            await completing.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
        }

        return (sent, failed);
    }

    /// <summary>
    /// How sending one change ended: accepted or not, and the server's item to complete it with locally (none when
    /// it was refused, or discarded, which completes on its own).
    /// </summary>
    private readonly record struct Outcome(bool Accepted, JsonObject? Item = null);

    /// <summary>
    /// A change whose answer cannot be used (a record the local schema cannot read, say) is parked as failed like a
    /// refused one, so the rest of the outbox goes on; only an unreachable server stops the drain.
    /// </summary>
    private async Task<Outcome> SendOrParkAsync(OutboundMutation mutation, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(mutation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not (OperationCanceledException or Exceptions.ServerUnreachableException))
        {
            await FailAsync(store.Catalog.Get(mutation.Model), mutation, null, error.Message, null, cancellationToken).ConfigureAwait(false);
            return new(false);
        }
    }

    /// <summary>True when the server took the change (or it was resolved by discarding); false when it failed.</summary>
    private async Task<Outcome> SendAsync(OutboundMutation mutation, CancellationToken cancellationToken)
    {
        var info = store.Catalog.Get(mutation.Model);
        for (var round = 1; ; round++)
        {
            var request = MutationRequest.For(store.Catalog.Schema, info, mutation);
            var result = await api.SendAsync(info.Definition, request.Operation, request.Query, request.Variables, cancellationToken).ConfigureAwait(false);
            if (result.Errors is not { Count: > 0 } && result.Data?[request.Field] is JsonObject accepted)
            {
                return new(true, accepted);
            }

            var error = result.Errors is [JsonObject first, ..] ? first : new JsonObject { ["message"] = "the answer held no data" };
            var errorType = error["errorType"]?.GetValue<string>();
            var message = error["message"]?.ToString() ?? "no message";
            var remote = error["data"] as JsonObject;
            if (errorType == AppSyncErrorType.ConflictUnhandled && remote is not null)
            {
                if (mutation.Operation == MutationOperation.Delete && remote[SyncFields.Deleted] is JsonValue gone && gone.GetValue<bool>())
                {
                    // Already deleted on the server (by another client, or by this one before a crash): done.
                    return new(true, remote);
                }

                var resolution = round > MaxConflictRounds
                    ? ConflictResolution.Discard
                    : await ResolveAsync(info, mutation, remote, round, cancellationToken).ConfigureAwait(false);
                if (resolution is ConflictResolution.RetryResolution retry)
                {
                    var data = retry.Model is null ? mutation.Data : store.Codec.ToJson(info, retry.Model);
                    var version = remote[SyncFields.Version]!.GetValue<long>();
                    await queue.RetryOnAsync(mutation, data, version, cancellationToken).ConfigureAwait(false);
                    mutation = mutation with { Entry = mutation.Entry with { Data = data }, Version = version };
                    logger.LogInformation(EventIds.ConflictRetried, "{Operation} of {Model} {ModelId} conflicted; sent again on version {Version}", mutation.Operation, info.Name, mutation.ModelId, version);
                    continue;
                }

                await queue.DiscardAsync(mutation.Sequence, remote, cancellationToken).ConfigureAwait(false);
                logger.LogInformation(EventIds.ConflictDiscarded, "{Operation} of {Model} {ModelId} conflicted and was discarded; the server's copy is kept", mutation.Operation, info.Name, mutation.ModelId);
                return new(true);
            }

            if (mutation.Operation == MutationOperation.Create && errorType == AppSyncErrorType.ConditionalCheckFailed && mutation.Attempts > 1
                && await api.GetAsync(store.Catalog.Schema, info, mutation.Data, cancellationToken).ConfigureAwait(false) is { } landed)
            {
                // An earlier send landed before the answer was lost (a crash, a dropped connection): it is this create.
                return new(true, landed);
            }

            await FailAsync(info, mutation, errorType, message, remote, cancellationToken).ConfigureAwait(false);
            return new(false);
        }
    }

    /// <summary>Completes an accepted change locally and returns the next entry it peeked (see <see cref="OutboxQueue.CompleteAsync"/>).</summary>
    private async Task<OutboundMutation?> CompleteAsync(OutboundMutation mutation, JsonObject item, CancellationToken cancellationToken)
    {
        var next = await queue.CompleteAsync(mutation, item, cancellationToken).ConfigureAwait(false);
        events.Publish(new OutboxMutationProcessedEvent(mutation.Model, mutation.Operation, item));
        logger.LogDebug(EventIds.MutationSent, "{Operation} of {Model} {ModelId} accepted at version {Version}", mutation.Operation, mutation.Model, mutation.ModelId, item[SyncFields.Version]);
        return next;
    }

    private async Task<ConflictResolution> ResolveAsync(ModelInfo info, OutboundMutation mutation, JsonObject remote, int round, CancellationToken cancellationToken)
    {
        var handler = store.Options.ConflictHandler;
        if (handler is null)
        {
            // Amplify's default, "client wins": the change again on the server's version; a record deleted on
            // the server stays deleted.
            return remote[SyncFields.Deleted] is JsonValue deleted && deleted.GetValue<bool>() ? ConflictResolution.Discard : ConflictResolution.Retry();
        }

        var remoteModel = (StratusModel)store.Codec.FromJson(info, remote);
        var localModel = await LocalRowAsync(info, mutation, cancellationToken).ConfigureAwait(false);
        try
        {
            return await handler(new SyncConflict(info.Name, mutation.Operation, mutation.Data, remote, localModel, remoteModel, round), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            logger.LogError(EventIds.ConflictHandlerFailed, failure, "The conflict handler threw for {Model} {ModelId}; the change is discarded", info.Name, mutation.ModelId);
            return ConflictResolution.Discard;
        }
    }

    private async Task<StratusModel?> LocalRowAsync(ModelInfo info, OutboundMutation mutation, CancellationToken cancellationToken)
    {
        await using var db = store.NewContext();
        var keys = info.KeyValues(store.Codec.FromJson(info, mutation.Data));
        if (await db.FindAsync(info.ClrType, keys, cancellationToken).ConfigureAwait(false) is StratusModel row)
        {
            row.Store = store;
            return row;
        }

        return null;
    }

    private async Task FailAsync(ModelInfo info, OutboundMutation mutation, string? errorType, string message, JsonObject? remote, CancellationToken cancellationToken)
    {
        await queue.FailAsync(mutation, errorType, message, cancellationToken).ConfigureAwait(false);
        logger.LogWarning(EventIds.MutationFailed, "{Operation} of {Model} {ModelId} was refused ({ErrorType}): {Message}; it stays in the outbox as failed", mutation.Operation, info.Name, mutation.ModelId, errorType, message);
        events.Publish(new MutationFailedEvent(mutation.Sequence, info.Name, mutation.ModelId, mutation.Operation, errorType, message));
        await events.ErrorAsync(new SyncError(SyncProcess.Mutate, info.Name, errorType, message, mutation.Data, remote), cancellationToken).ConfigureAwait(false);
    }
}
