using Stratus.DataStore.Events;

namespace Stratus.DataStore.Storage;

/// <summary>
/// The one way anything writes the local database: app saves and deletes, and merges of remote records alike. A
/// write holds the store's write lock, runs in one transaction, and publishes the changes it recorded to the
/// change feed after commit, still under the lock, so observers see changes in commit order. Whether a write also
/// queues a mutation is the caller's business: app writes do (<c>OutboxWriter</c>), merges never do, and a merge's
/// check for a pending mutation of the same row runs under this same lock.
/// </summary>
internal sealed class LocalWriter(Func<LocalDbContext> newContext, ChangeFeed feed)
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task<T> WriteAsync<T>(Func<LocalDbContext, List<StoredChange>, Task<T>> write, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var changes = new List<StoredChange>();
            T result;
            await using (var db = newContext())
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                result = await write(db, changes).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            feed.Publish(changes);
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }
}
