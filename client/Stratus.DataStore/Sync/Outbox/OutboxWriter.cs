using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Stratus.DataStore.Storage;

namespace Stratus.DataStore.Sync.Outbox;

/// <summary>
/// Queues a local change in the outbox inside the caller's transaction, coalescing with the record's pending entry
/// as Amplify does (datastore-client.md §3.9; amplify-js sync/outbox.ts): an update folds into a pending create;
/// a delete cancels a pending create (the server never saw it); an update or delete without a condition merges
/// into a pending update or delete and moves to the tail; a change with a condition is queued as is. An entry in
/// flight (or failed) is never touched, so a new change queues behind it. Only the record's newest pending entry is
/// considered, so nothing is ever merged past a conditional change.
/// </summary>
internal sealed class OutboxWriter(TimeProvider time)
{
    /// <summary>Adds, merges or removes outbox rows in <paramref name="db"/>; the caller's SaveChanges writes them with the record.</summary>
    public async Task EnqueueAsync(LocalDbContext db, string modelName, string modelId, MutationOperation operation, JsonObject data, JsonObject? condition, CancellationToken cancellationToken)
    {
        // A create is always queued as is, so it needs no lookup. Otherwise the newest pending entry counts: merging
        // into an older one would move its change past a conditional one.
        var pending = operation == MutationOperation.Create ? null : await db.Outbox
            .Where(o => o.ModelName == modelName && o.ModelId == modelId && !o.InFlight && !o.Failed)
            .OrderByDescending(o => o.Sequence)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var entry = new OutboxEntry
        {
            ModelName = modelName,
            ModelId = modelId,
            Operation = operation,
            Data = data.ToJsonString(),
            Condition = condition?.ToJsonString(),
            CreatedAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };

        // A pending conditional change keeps its own condition, so nothing merges into it.
        if (pending is null || condition is not null || pending.Condition is not null || operation == MutationOperation.Create)
        {
            db.Outbox.Add(entry);
        }
        else if (pending.Operation == MutationOperation.Create && operation == MutationOperation.Update)
        {
            pending.Data = Merge(pending.Data, data).ToJsonString();
        }
        else if (pending.Operation == MutationOperation.Create)
        {
            db.Outbox.Remove(pending);
        }
        else
        {
            db.Outbox.Remove(pending);
            entry.Data = Merge(pending.Data, data).ToJsonString();
            db.Outbox.Add(entry);
        }
    }

    /// <summary>The pending entry's fields, overwritten by the new change's.</summary>
    private static JsonObject Merge(string pending, JsonObject change)
    {
        var merged = JsonNode.Parse(pending)!.AsObject();
        foreach (var (name, value) in change)
        {
            merged[name] = value?.DeepClone();
        }

        return merged;
    }
}
