using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Stratus.DataStore.Events;
using Stratus.DataStore.Models;
using Stratus.DataStore.Storage;

namespace Stratus.DataStore.Sync.Outbox;

/// <summary>
/// The outbox as the sync engine consumes it, in FIFO order: peek marks the head in flight (so new changes queue
/// behind it), complete removes it, merges the server's answer and peeks the next (at most two entries are in
/// flight: one sent, one completing), fail parks it visibly.
/// Every step is one local write, so a crash at any point leaves the entry queued (and it is sent again).
/// </summary>
internal sealed class OutboxQueue(StratusDataStore store, RemoteMerger merger)
{
    /// <summary>Whether nothing is waiting to be sent (failed entries wait for the app, not for the engine).</summary>
    public Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var db = store.NewContext();
        return Task.FromResult(!OutboxTable.AnyWaiting(db));
    }

    /// <summary>
    /// The oldest entry that is not failed, now marked in flight with one more attempt; null when there is none.
    /// <paramref name="resetInFlight"/>, for a drain's first peek: what an earlier drain or process left in flight
    /// (cut short while sending) is marked not in flight first, in the same write, so it is sent again in order and
    /// no app write in between can merge into a change the server may have seen.
    /// </summary>
    public Task<OutboundMutation?> PeekAsync(bool resetInFlight, CancellationToken cancellationToken) =>
        store.Writer.WriteAsync((db, _) =>
        {
            if (resetInFlight)
            {
                OutboxTable.ResetInFlight(db);
            }

            return OutboxTable.AnyWaiting(db) ? PeekAsync(db, cancellationToken) : Task.FromResult<OutboundMutation?>(null);
        }, cancellationToken);

    /// <summary>
    /// The server accepted the change: the entry leaves, its answer is merged and its version recorded. In the same
    /// transaction (one commit per change sent) the next entry to send is peeked and returned: the oldest one not in
    /// flight, unless its record has a change in flight (then null: it waits for that answer's version).
    /// </summary>
    public Task<OutboundMutation?> CompleteAsync(OutboundMutation mutation, JsonObject serverItem, CancellationToken cancellationToken) =>
        store.Writer.WriteAsync(async (db, changes) =>
        {
            await db.Outbox.Where(o => o.Sequence == mutation.Sequence).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await merger.MergeAsync(db, store.Catalog.Get(mutation.Model), [serverItem], changes, acknowledged: true, cancellationToken).ConfigureAwait(false);
            return await PeekAheadAsync(db, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Marks the entry after those in flight as in flight too, so it can be sent while another completes (see <see cref="CompleteAsync"/>).</summary>
    public Task<OutboundMutation?> PeekAheadAsync(CancellationToken cancellationToken) =>
        store.Writer.WriteAsync((db, _) => PeekAheadAsync(db, cancellationToken), cancellationToken);

    /// <summary>The oldest entry not in flight, now in flight; null when there is none or its record has a change in flight.</summary>
    private static async Task<OutboundMutation?> PeekAheadAsync(LocalDbContext db, CancellationToken cancellationToken)
    {
        var inFlight = await db.Outbox.Where(o => o.InFlight && !o.Failed).Select(o => new { o.ModelName, o.ModelId }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var next = await db.Outbox.Where(o => !o.Failed && !o.InFlight).OrderBy(o => o.Sequence).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return next is null || inFlight.Any(o => o.ModelName == next.ModelName && o.ModelId == next.ModelId)
            ? null
            : await MarkInFlightAsync(db, next, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<OutboundMutation?> PeekAsync(LocalDbContext db, CancellationToken cancellationToken)
    {
        var entry = await db.Outbox.Where(o => !o.Failed).OrderBy(o => o.Sequence).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return entry is null ? null : await MarkInFlightAsync(db, entry, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<OutboundMutation> MarkInFlightAsync(LocalDbContext db, OutboxEntry entry, CancellationToken cancellationToken)
    {
        entry.InFlight = true;
        entry.Attempts++;
        var metadata = await db.Metadata.FindAsync([entry.ModelName, entry.ModelId], cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new OutboundMutation(PendingMutation.From(entry), metadata?.Version, entry.Attempts);
    }

    /// <summary>Sends the change again with these fields on top of the server's version (a conflict handler's retry).</summary>
    public Task RetryOnAsync(OutboundMutation mutation, JsonObject data, long serverVersion, CancellationToken cancellationToken) =>
        store.Writer.WriteAsync(async (db, _) =>
        {
            var entry = await db.Outbox.FirstAsync(o => o.Sequence == mutation.Sequence, cancellationToken).ConfigureAwait(false);
            entry.Data = data.ToJsonString();
            var metadata = await db.Metadata.FindAsync([mutation.Model, mutation.ModelId], cancellationToken).ConfigureAwait(false);
            if (metadata is null)
            {
                db.Metadata.Add(new RecordMetadata { ModelName = mutation.Model, ModelId = mutation.ModelId, Version = serverVersion });
            }
            else
            {
                metadata.Version = serverVersion;
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Drops the change and takes the server's copy of the record (or, when the server has none, removes the
    /// local row): the local row ends as the server's, whatever its version says.
    /// </summary>
    public Task<bool> DiscardAsync(long sequence, JsonObject? serverItem, CancellationToken cancellationToken) =>
        store.Writer.WriteAsync(async (db, changes) =>
        {
            var entry = await db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.Sequence == sequence, cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                return false;
            }

            await db.Outbox.Where(o => o.Sequence == sequence).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            var info = store.Catalog.Get(entry.ModelName);
            await db.Metadata.Where(m => m.ModelName == entry.ModelName && m.ModelId == entry.ModelId)
                .ExecuteUpdateAsync(m => m.SetProperty(e => e.Version, (long?)null), cancellationToken).ConfigureAwait(false);
            if (serverItem is not null)
            {
                await merger.MergeAsync(db, info, [serverItem], changes, acknowledged: true, cancellationToken).ConfigureAwait(false);
                return true;
            }

            var keys = info.KeyValues(store.Codec.FromJson(info, PendingMutation.From(entry).Data));
            if (await db.FindAsync(info.ClrType, keys, cancellationToken).ConfigureAwait(false) is StratusModel row)
            {
                var json = store.Codec.ToJson(info, row);
                db.Remove(row);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                changes.Add(new StoredChange(OperationType.Delete, row, info, json));
            }

            return true;
        }, cancellationToken);

    /// <summary>The server refused the change for good: it stays, marked failed, for the app to retry or discard.</summary>
    public Task FailAsync(OutboundMutation mutation, string? errorType, string message, CancellationToken cancellationToken) =>
        store.Writer.WriteAsync(async (db, _) =>
            await db.Outbox.Where(o => o.Sequence == mutation.Sequence).ExecuteUpdateAsync(o => o
                .SetProperty(e => e.Failed, true)
                .SetProperty(e => e.InFlight, false)
                .SetProperty(e => e.ErrorType, errorType)
                .SetProperty(e => e.ErrorMessage, message), cancellationToken).ConfigureAwait(false),
            cancellationToken);

    /// <summary>Queues a failed entry again, where it stood.</summary>
    public Task<bool> RequeueAsync(long sequence, CancellationToken cancellationToken) =>
        store.Writer.WriteAsync(async (db, _) =>
            await db.Outbox.Where(o => o.Sequence == sequence && o.Failed).ExecuteUpdateAsync(o => o
                .SetProperty(e => e.Failed, false)
                .SetProperty(e => e.ErrorType, (string?)null)
                .SetProperty(e => e.ErrorMessage, (string?)null), cancellationToken).ConfigureAwait(false) > 0,
            cancellationToken);
}
