using Microsoft.EntityFrameworkCore;
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

    public Task<T> WriteAsync<T>(Func<LocalDbContext, List<StoredChange>, Task<T>> write, CancellationToken cancellationToken) =>
        WriteAsync(write, refetchable: false, cancellationToken);

    /// <summary>
    /// <paramref name="refetchable"/>: the write only stores what the server can send again (a sync page, whose
    /// cursor is saved later in a write of its own), so its commit does not wait for the disk (<c>synchronous =
    /// NORMAL</c> under WAL). A power cut can then lose such commits, only ever the newest ones and never one that a
    /// later fully synced commit follows, since that commit flushes the log before it; the store is left as it was
    /// before them, cursor included, and the next sync fetches them again.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<LocalDbContext, List<StoredChange>, Task<T>> write, bool refetchable, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var changes = new List<StoredChange>();
            T result;
            await using (var db = newContext())
            {
                var restore = refetchable ? await RelaxAsync(db, cancellationToken).ConfigureAwait(false) : null;
                try
                {
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    result = await write(db, changes).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (restore is not null)
                    {
                        // The connection goes back to the pool as it came out.
                        await SynchronousAsync(db, restore.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None).ConfigureAwait(false);
                    }
                }
            }

            feed.Publish(changes);
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Opens the connection with <c>synchronous = NORMAL</c>; the setting it had, to restore, or null when it was no stricter.</summary>
    private static async Task<long?> RelaxAsync(LocalDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        var current = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (current <= 1)
        {
            return null;
        }

        await SynchronousAsync(db, "NORMAL", cancellationToken).ConfigureAwait(false);
        return current;
    }

    private static async Task SynchronousAsync(LocalDbContext db, string level, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA synchronous = " + level;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
