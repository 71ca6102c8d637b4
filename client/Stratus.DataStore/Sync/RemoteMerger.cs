using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Stratus.DataStore.Events;
using Stratus.DataStore.Models;
using Stratus.DataStore.Storage;
using Stratus.Schema.AppSync;
using Stratus.Schema.Filters;

namespace Stratus.DataStore.Sync;

/// <summary>Local rows a merge added, changed and removed (Amplify's modelSynced counts).</summary>
internal readonly record struct MergeCounts(int New, int Updated, int Deleted)
{
    public static MergeCounts operator +(MergeCounts a, MergeCounts b) => new(a.New + b.New, a.Updated + b.Updated, a.Deleted + b.Deleted);
}

/// <summary>A record from the server read into its model, with the sync fields the merge decides by.</summary>
internal readonly record struct RemoteRecord(string Id, StratusModel Record, long Version, bool Deleted, long? LastChangedAt);

/// <summary>
/// Applies records from the server (sync pages, subscription events, mutation answers) through the store's one
/// write path, never queuing anything (datastore-client.md §3.11, with Android's and Swift's version rule):
/// a record applies only when its <c>_version</c> is newer than the local one; a record with a queued change is
/// left alone until that change is acknowledged; a tombstone removes the row and keeps its metadata. Within one
/// batch the copy with the highest version wins (the later one of equal versions), and applying the same batch twice
/// changes nothing.
/// </summary>
internal sealed class RemoteMerger(StratusDataStore store)
{
    /// <summary>Reads a server item (a sync page's, an event's, a mutation's answer) into the model it carries.</summary>
    public RemoteRecord Read(ModelInfo info, JsonObject item)
    {
        var record = (StratusModel)store.Codec.FromJson(info, item);
        return new RemoteRecord(
            info.ModelId(record),
            record,
            item[SyncFields.Version]?.GetValue<long>() ?? 0,
            item[SyncFields.Deleted] is JsonValue flag && flag.GetValue<bool>(),
            item[SyncFields.LastChangedAt]?.GetValue<long>());
    }

    /// <summary>Reads a server item straight from a parsed page (a sync page's, valid while its document is).</summary>
    public RemoteRecord Read(ModelInfo info, JsonElement item)
    {
        var record = (StratusModel)store.Codec.FromJson(info, item);
        return new RemoteRecord(
            info.ModelId(record),
            record,
            item.TryGetProperty(SyncFields.Version, out var version) && version.ValueKind == JsonValueKind.Number ? version.GetInt64() : 0,
            item.TryGetProperty(SyncFields.Deleted, out var deleted) && deleted.ValueKind == JsonValueKind.True,
            item.TryGetProperty(SyncFields.LastChangedAt, out var changed) && changed.ValueKind == JsonValueKind.Number ? changed.GetInt64() : null);
    }

    public Task<MergeCounts> MergeAsync(ModelInfo info, IReadOnlyList<JsonObject> items, CancellationToken cancellationToken) =>
        MergeAsync(info, [.. items.Select(item => Read(info, item))], refetchable: false, cancellationToken);

    /// <summary>Merges in a write of its own; <paramref name="refetchable"/> for a sync page (see <see cref="LocalWriter"/>).</summary>
    public Task<MergeCounts> MergeAsync(ModelInfo info, IReadOnlyList<RemoteRecord> records, bool refetchable, CancellationToken cancellationToken) =>
        records.Count == 0
            ? Task.FromResult(default(MergeCounts))
            : store.Writer.WriteAsync((db, changes) => MergeAsync(db, info, records, changes, acknowledged: false, cancellationToken), refetchable, cancellationToken);

    /// <summary>
    /// Merges inside the caller's write. <paramref name="acknowledged"/>: the server's answer to this client's own
    /// change, whose version the record's metadata takes even when a later queued change still shields the row, so
    /// that change is sent on the version it follows.
    /// </summary>
    public Task<MergeCounts> MergeAsync(LocalDbContext db, ModelInfo info, IEnumerable<JsonObject> items, List<StoredChange> changes, bool acknowledged, CancellationToken cancellationToken) =>
        MergeAsync(db, info, [.. items.Select(item => Read(info, item))], changes, acknowledged, cancellationToken);

    private async Task<MergeCounts> MergeAsync(LocalDbContext db, ModelInfo info, IReadOnlyList<RemoteRecord> records, List<StoredChange> changes, bool acknowledged, CancellationToken cancellationToken)
    {
        var latest = Latest(records);
        var ids = latest.Keys.ToList();
        var shielded = new HashSet<string>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, RecordMetadata>(StringComparer.Ordinal);
        var known = AnyKnown(db, info.Name, ids);
        if (known)
        {
            shielded = (await db.Outbox.Where(o => o.ModelName == info.Name && ids.Contains(o.ModelId)).Select(o => o.ModelId)
                .ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
            metadata = await db.Metadata.Where(m => m.ModelName == info.Name && ids.Contains(m.ModelId))
                .ToDictionaryAsync(m => m.ModelId, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        }

        // Every local row has a metadata row (saves and merges both write one), so only records with metadata can
        // have a row to update or remove: a first sync into an empty store looks nothing up.
        var stored = await StoredAsync(db, info, latest.Where(l => metadata.ContainsKey(l.Key)).Select(l => l.Value.Record), cancellationToken).ConfigureAwait(false);
        var inserts = new Inserts([], []);
        var (counts, tracked) = Apply(db, info, latest, new(shielded, metadata, stored), changes, acknowledged, inserts);

        // A first sync into an empty store only inserts: EF Core is not used at all.
        if (tracked)
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        if (known || tracked)
        {
            db.ChangeTracker.Clear();
        }

        BulkInsert.Insert(db, info, store.Codec, inserts.Metadata, inserts.Rows);
        return counts;
    }

    // Latest and Apply loop a thousand times a page from the first sync on: compiled optimized from their first call.

    /// <summary>The copy of each record a batch applies: the highest version, the later one of equal versions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Dictionary<string, RemoteRecord> Latest(IReadOnlyList<RemoteRecord> records)
    {
        var latest = new Dictionary<string, RemoteRecord>(records.Count, StringComparer.Ordinal);
        foreach (var remote in records)
        {
            // A batch can span several sync pages: a copy with an older version never replaces a newer one.
            if (!latest.TryGetValue(remote.Id, out var earlier) || remote.Version >= earlier.Version)
            {
                latest[remote.Id] = remote;
            }
        }

        return latest;
    }

    /// <summary>
    /// Decides each record against what the store holds: skipped, tracked for EF Core's save (changes to known rows),
    /// or added to <paramref name="inserts"/> (records new to this store: no metadata, nothing queued), which are
    /// inserted together, untracked. Tells whether it tracked any change for EF Core to save.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (MergeCounts Counts, bool Tracked) Apply(LocalDbContext db, ModelInfo info, Dictionary<string, RemoteRecord> latest, LocalState local, List<StoredChange> changes, bool acknowledged, Inserts inserts)
    {
        var observed = store.Feed.HasObservers;
        var counts = default(MergeCounts);
        var tracked = false;
        foreach (var (id, (_, record, version, deleted, lastChangedAt)) in latest)
        {
            local.Metadata.TryGetValue(id, out var meta);
            if (meta?.Version >= version)
            {
                continue;
            }

            // A queued change shields the row: it must meet this version as a conflict, not be overwritten by it.
            var isShielded = local.Shielded.Contains(id);
            if (isShielded && !acknowledged)
            {
                continue;
            }

            if (meta is null && !isShielded && !deleted)
            {
                inserts.Metadata.Add(new RecordMetadata { ModelName = info.Name, ModelId = id, Version = version, LastChangedAt = lastChangedAt });
                inserts.Rows.Add(record);
                Publish(changes, observed, OperationType.Insert, info, record);
                counts += new MergeCounts(1, 0, 0);
                continue;
            }

            // Known metadata was loaded tracked: changing it below is a change to save, as is a new row.
            tracked = true;
            if (meta is null)
            {
                meta = new RecordMetadata { ModelName = info.Name, ModelId = id };
                db.Metadata.Add(meta);
            }

            meta.Version = version;
            meta.Deleted = deleted;
            meta.LastChangedAt = lastChangedAt;
            if (isShielded)
            {
                continue;
            }

            local.Stored.TryGetValue(id, out var existing);
            if (deleted)
            {
                if (existing is not null)
                {
                    db.Remove(existing);
                    Publish(changes, observed, OperationType.Delete, info, existing);
                    counts += new MergeCounts(0, 0, 1);
                }
            }
            else if (existing is null)
            {
                db.Add(record);
                Publish(changes, observed, OperationType.Insert, info, record);
                counts += new MergeCounts(1, 0, 0);
            }
            else
            {
                db.Update(record);
                Publish(changes, observed, OperationType.Update, info, record);
                counts += new MergeCounts(0, 1, 0);
            }
        }

        return (counts, tracked);
    }

    /// <summary>Records new to the store, and their metadata, for <see cref="BulkInsert"/>.</summary>
    private readonly record struct Inserts(List<RecordMetadata> Metadata, List<object> Rows);

    /// <summary>What the store holds of a batch's records: ids with a queued change, their metadata and their rows.</summary>
    private readonly record struct LocalState(HashSet<string> Shielded, Dictionary<string, RecordMetadata> Metadata, Dictionary<string, StratusModel> Stored);

    /// <summary>
    /// Whether any of these records can have local metadata or a queued change. A sync page comes in key order
    /// (keyset paging), so one probe of its key range on each index answers for the whole page: a base sync into an
    /// empty store, or past the end of what it holds, then looks up no ids. Pages in another order (DynamoDB's)
    /// span more of the range and mostly go on to the lookup by id, as they would without the probe.
    /// </summary>
    private static bool AnyKnown(LocalDbContext db, string model, List<string> ids)
    {
        if (ids.Count == 0)
        {
            return false;
        }

        // SQLite orders text by its UTF-8 bytes, which is .NET's ordinal order unless a surrogate pair is involved;
        // a NUL would end a bound string early. Either way the ids are looked up one by one.
        if (ids.Exists(id => id.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0 || id.Contains('\0', StringComparison.Ordinal)))
        {
            return true;
        }

        var low = ids[0];
        var high = ids[0];
        foreach (var id in ids)
        {
            low = string.CompareOrdinal(id, low) < 0 ? id : low;
            high = string.CompareOrdinal(id, high) > 0 ? id : high;
        }

        return KeyRangeProbe.AnyRecorded(db, model, low, high);
    }

    /// <summary>
    /// After a selective-sync expression changed: removes the local rows outside it that have no queued change
    /// (they are still on the server, so nothing is sent). <paramref name="alsoInTheWrite"/> runs in the same
    /// transaction, after the removal.
    /// </summary>
    public Task<int> RemoveOutsideAsync(ModelInfo info, FilterNode expression, Action<LocalDbContext> alsoInTheWrite, CancellationToken cancellationToken) =>
        store.Writer.WriteAsync(async (db, changes) =>
        {
            var pending = (await db.Outbox.Where(o => o.ModelName == info.Name).Select(o => o.ModelId).ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToHashSet(StringComparer.Ordinal);
            var removed = 0;
            foreach (var row in await store.RowsAsync(db, info, new NotFilter(expression), cancellationToken).ConfigureAwait(false))
            {
                if (pending.Contains(info.ModelId(row)))
                {
                    continue;
                }

                db.Remove(row);
                changes.Add(Change(OperationType.Delete, info, row));
                removed++;
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            alsoInTheWrite(db);
            return removed;
        }, cancellationToken);

    /// <summary>
    /// The local rows of these records, read a hundred keys a query (one lookup per record would be a query each;
    /// far more keys in one OR would pass SQLite's expression depth limit).
    /// </summary>
    private async Task<Dictionary<string, StratusModel>> StoredAsync(LocalDbContext db, ModelInfo info, IEnumerable<StratusModel> records, CancellationToken cancellationToken)
    {
        var keys = info.Keys.Select(k => k.Field.Name).ToList();
        var found = new Dictionary<string, StratusModel>(StringComparer.Ordinal);
        foreach (var chunk in records.Chunk(100))
        {
            var filter = new OrFilter([.. chunk.Select(r => (FilterNode)info.FieldsEqual(keys, info.KeyValues(r)))]);
            foreach (var row in await store.RowsAsync(db, info, filter, cancellationToken).ConfigureAwait(false))
            {
                found[info.ModelId(row)] = row;
            }
        }

        return found;
    }

    /// <summary>
    /// Records the change as observers get it (the record itself: a fresh instance made from the server's item, or
    /// the row read back); with nobody observing, a page of changes is not worth building.
    /// </summary>
    private void Publish(List<StoredChange> changes, bool observed, OperationType operation, ModelInfo info, StratusModel record)
    {
        if (observed)
        {
            changes.Add(Change(operation, info, record));
        }
    }

    private StoredChange Change(OperationType operation, ModelInfo info, StratusModel record)
    {
        record.Store = store;
        return new StoredChange(operation, record, info, store.Codec.ToJson(info, record));
    }
}
