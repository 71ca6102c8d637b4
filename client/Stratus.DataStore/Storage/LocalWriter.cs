using Microsoft.Data.Sqlite;
using Stratus.DataStore.Events;

namespace Stratus.DataStore.Storage;

/// <summary>
/// The one way anything writes the local database: app saves and deletes, and merges of remote records alike. A
/// write holds the store's write lock, runs in one transaction, and publishes the changes it recorded to the
/// change feed after commit, still under the lock, so observers see changes in commit order. Whether a write also
/// queues a mutation is the caller's business: app writes do (<c>OutboxWriter</c>), merges never do, and a merge's
/// check for a pending mutation of the same row runs under this same lock.
/// </summary>
internal sealed class LocalWriter(string connectionString, Func<SqliteConnection, LocalDbContext> newContext, ChangeFeed feed)
{
    /// <summary>How long the log may grow (in 4 KB pages, so 32 MB) during refetchable writes before it is checkpointed.</summary>
    public const int RelaxedCheckpointPages = 8192;

    private readonly SemaphoreSlim _lock = new(1, 1);

    public Task<T> WriteAsync<T>(Func<LocalDbContext, List<StoredChange>, Task<T>> write, CancellationToken cancellationToken) =>
        WriteAsync(write, refetchable: false, cancellationToken);

    /// <summary>
    /// <paramref name="refetchable"/>: the write only stores what the server can send again (a sync page, or the
    /// cursor a sync saves after its pages, unless that sync removed records outside a changed sync expression), so
    /// its commit does not wait for the disk (<c>synchronous = NORMAL</c> under WAL). A power cut can then lose such
    /// commits, only ever the newest ones (the log keeps commit order) and never one that a later fully synced commit
    /// follows, since that commit flushes the log before it; the store is left as it was before them, with the cursor
    /// that went with them, and the next sync fetches them again.
    /// <para>
    /// The transaction is SQLite's own (<c>BEGIN IMMEDIATE</c> on the write's connection), so a write that runs raw
    /// statements alone never sets up EF Core; one that uses EF Core runs on the same connection inside it, and its
    /// <c>SaveChanges</c> opens no transaction (nor savepoint) of its own: a write lets a failed <c>SaveChanges</c>
    /// fail it, since what that call wrote before failing stays in the transaction.
    /// </para>
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<LocalDbContext, List<StoredChange>, Task<T>> write, bool refetchable, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var changes = new List<StoredChange>();
            T result;
            await using (var connection = new SqliteConnection(connectionString))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                string? restore = null;
                var relaxed = false;
                try
                {
                    if (refetchable)
                    {
                        restore = await RelaxAsync(connection, cancellationToken).ConfigureAwait(false);
                        relaxed = true;
                    }

                    await using var db = newContext(connection);
                    try
                    {
                        await ExecuteAsync(connection, "BEGIN IMMEDIATE", cancellationToken).ConfigureAwait(false);
                        result = await write(db, changes).ConfigureAwait(false);
                        await ExecuteAsync(connection, "COMMIT", CancellationToken.None).ConfigureAwait(false);
                    }
                    catch
                    {
                        await RollBackAsync(connection).ConfigureAwait(false);
                        throw;
                    }
                }
                catch (Exception error) when (refetchable && !relaxed && error is not OperationCanceledException)
                {
                    // Relaxing failed part way: the connection may be relaxed with nothing to put it back. (A
                    // cancellation stops it only before it changes anything.)
                    SqliteConnection.ClearPool(connection);
                    throw;
                }
                finally
                {
                    if (restore is not null)
                    {
                        await RestoreAsync(connection, restore).ConfigureAwait(false);
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

    /// <summary>
    /// Ends a failed write's transaction when it is still open (a failed <c>COMMIT</c> can leave it so), so its
    /// connection goes back to the pool without one; a connection whose rollback fails is not pooled again (clearing
    /// the pool closes every connection of this database as it is given back, not this one alone: a rare cost). The
    /// write's own failure is the one reported.
    /// </summary>
    private static async Task RollBackAsync(SqliteConnection connection)
    {
        if (!RawSqlite.InTransaction(connection))
        {
            return;
        }

        try
        {
            await ExecuteAsync(connection, "ROLLBACK", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is SqliteException or InvalidOperationException)
        {
            SqliteConnection.ClearPool(connection);
        }
    }

    /// <summary>
    /// Puts a relaxed connection's settings back before it goes to the pool. A connection that cannot be put back
    /// (or whose transaction could not be ended) is not pooled again, so no later write runs with a relaxed
    /// <c>synchronous</c>; the write itself stands as it ended, committed or failed.
    /// </summary>
    private static async Task RestoreAsync(SqliteConnection connection, string restore)
    {
        try
        {
            if (!RawSqlite.InTransaction(connection))
            {
                await ExecuteAsync(connection, restore, CancellationToken.None).ConfigureAwait(false);
                return;
            }
        }
        catch (Exception error) when (error is SqliteException or InvalidOperationException)
        {
            // Not put back: the connection is dropped below.
        }

        SqliteConnection.ClearPool(connection);
    }

    /// <summary>
    /// Opens the connection relaxed for a refetchable write: <c>synchronous = NORMAL</c>, and the log copied into the
    /// database file (a checkpoint, with its disk flushes) only once it holds <see cref="RelaxedCheckpointPages"/>
    /// database pages (4 KB each), not SQLite's default 1,000: a base sync's pages are copied every 32 MB of log
    /// instead of every 4 MB, the rest by a later fully synced commit (once 1,000 pages wait). A log file left larger
    /// than 4 MB is cut back to that after a checkpoint (that limit stays on the connection: it only bounds the log
    /// file's size after a checkpoint, for any later write). Gives the statement that puts the rest back as it came,
    /// or null when nothing was changed.
    /// </summary>
    private static async Task<string?> RelaxAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var synchronous = await ScalarAsync(connection, "PRAGMA synchronous", cancellationToken).ConfigureAwait(false);
        var checkpoint = await ScalarAsync(connection, "PRAGMA wal_autocheckpoint", cancellationToken).ConfigureAwait(false);
        var relax = new List<string>();
        var restore = new List<string>();
        if (synchronous > 1)
        {
            relax.Add("PRAGMA synchronous = NORMAL");
            restore.Add($"PRAGMA synchronous = {synchronous}");
        }

        if (checkpoint is > 0 and < RelaxedCheckpointPages)
        {
            relax.Add($"PRAGMA wal_autocheckpoint = {RelaxedCheckpointPages}");
            restore.Add($"PRAGMA wal_autocheckpoint = {checkpoint}");
        }

        if (relax.Count == 0)
        {
            return null;
        }

        relax.Add($"PRAGMA journal_size_limit = {4 * 1024 * 1024}");

        // Not cancelled part way: cancelling stops a relax only before it changes anything.
        await ExecuteAsync(connection, string.Join("; ", relax), CancellationToken.None).ConfigureAwait(false);
        return string.Join("; ", restore);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
