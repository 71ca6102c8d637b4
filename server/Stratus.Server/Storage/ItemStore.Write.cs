using System.Data.Common;
using Stratus.Schema.AppSync.Errors;

namespace Stratus.Server.Storage;

public sealed partial class ItemStore
{
    /// <summary>
    /// Runs one write atomically in two round trips. The first begins the transaction, starts the write on the
    /// model's clock (<see cref="ISqlDialect.StartWrite"/>) and reads and locks the current item; then
    /// <paramref name="decide"/> gives the new state (it may throw an AppSync error to abort); the second writes the
    /// item with <c>_version + 1</c> (1 for a new item), its delta row and what <paramref name="inTransaction"/> adds
    /// (a bus's NOTIFY), and commits. The stamp is above the clock every sync raised before this write began and
    /// above the item's previous stamp, so no delta sync skips it. Writers of different items run concurrently on
    /// PostgreSQL; one item's writers queue on its row lock, so the locked item cannot change before the commit.
    /// </summary>
    public async Task<StoredItem> WriteAsync(
        string model,
        string pk,
        WriteClock clock,
        Func<StoredItem?, WritePlan> decide,
        CancellationToken cancellationToken,
        Func<StoredItem, SqlParameters, string?>? inTransaction = null,
        Func<StoredItem, Task>? afterCommit = null)
    {
        var write = new PendingWrite(model, pk, clock, decide, inTransaction, afterCommit);
        if (_writerGate is not null)
        {
            return await GroupWriteAsync(write, cancellationToken);
        }

        // After-commit work (publishing) must finish before the item's next writer commits, to keep its events in order.
        using var gate = await WriterGateAsync(afterCommit is null ? null : (model, pk), cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var result = await RunWriteAsync(connection, write, "BEGIN; ", "; COMMIT", "ROLLBACK", cancellationToken);
        if (afterCommit is not null)
        {
            await afterCommit(result);
        }

        return result;
    }

    /// <summary>
    /// One write's two round trips between <paramref name="begin"/> and <paramref name="end"/> (a transaction, or a
    /// savepoint in a group's transaction), undone with <paramref name="undo"/> when anything fails.
    /// </summary>
    private async Task<StoredItem> RunWriteAsync(DbConnection connection, PendingWrite write, string begin, string end, string undo, CancellationToken cancellationToken)
    {
        var (model, pk, clock) = (write.Model, write.Pk, write.Clock);
        var open = false;
        try
        {
            var start = new SqlParameters();
            var nowMs = clock.Now.ToUnixTimeMilliseconds();
            var (startModel, startNow) = (start.Add(model), start.Add(_writerGate is null ? nowMs : Math.Max(nowMs, _syncFloors.GetValueOrDefault(model) + 1)));
            var sql = begin + dialect.StartWrite(startModel, startNow)
                + $"; SELECT {Columns} FROM stratus_items WHERE model = {startModel} AND pk = {start.Add(pk)}{dialect.ForUpdate}";
            open = true;
            var (floor, current) = await ReadStartAsync(connection, null, sql, start, cancellationToken);
            if (floor is null)
            {
                throw new InvalidOperationException("The clock statement returned no stamp.");
            }


            // An expired tombstone the sweeper has not reached yet counts as absent; replacing it restarts at version 1.
            var visible = current is { Ttl: { } ttl } && ttl <= clock.Now.ToUnixTimeSeconds() ? null : current;
            var plan = write.Decide(visible);
            var version = visible is null ? 1 : visible.Version + 1;
            var stamp = current is null ? floor.Value : Math.Max(floor.Value, current.LastChangedAt + 1);
            var result = new StoredItem(model, pk, plan.Data, version, plan.Deleted, stamp, plan.TtlSeconds);

            var parameters = new SqlParameters();
            var data = dialect.JsonParameter(parameters.Add(plan.Data.ToJsonString()));
            var (m, k, v, d, s, t) = (parameters.Add(model), parameters.Add(pk), parameters.Add(version), parameters.Add(plan.Deleted), parameters.Add(stamp), parameters.Add(plan.TtlSeconds));
            var item = current is null
                ? $"INSERT INTO stratus_items ({Columns}) VALUES ({m}, {k}, {data}, {v}, {d}, {s}, {t})"
                : $"UPDATE stratus_items SET data = {data}, version = {v}, deleted = {d}, last_changed_at = {s}, ttl = {t} WHERE model = {m} AND pk = {k}";
            var delta = "INSERT INTO stratus_deltas (model, pk, version, deleted, last_changed_at, data, expires_at) "
                + $"VALUES ({m}, {k}, {v}, {d}, {s}, {data}, {parameters.Add(clock.DeltaExpiresAtMs)})";
            var announce = write.InTransaction?.Invoke(result, parameters) is { } statement ? "; " + statement : "";
            await ExecuteAsync(connection, null, $"{item}; {delta}{announce}{end}", parameters, cancellationToken);
            open = false;
            return result;
        }
        catch (DbException e) when (e.SqlState == "23505" || e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 })
        {
            // Only a concurrent create of the same key gets here: the row lock orders every other writer.
            throw new ConditionalCheckFailedException();
        }
        finally
        {
            if (open)
            {
                await UndoAsync(connection, undo);
            }
        }
    }

    /// <summary>Ends a write that failed or was abandoned; a broken connection is left to the pool to discard.</summary>
    private static async Task UndoAsync(DbConnection connection, string undo)
    {
        try
        {
            await ExecuteAsync(connection, null, undo, new SqlParameters(), CancellationToken.None);
        }
        catch (DbException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>
    /// Raises the model's clock to now and returns it, as a sync's <c>startedAt</c>. It first waits for the writes
    /// of the model in flight (<see cref="ISqlDialect.ReadClock"/>), so every write not yet committed is stamped above it.
    /// On SQLite the clock is only read, under the writer gate, and the answer kept in memory as the floor of the
    /// model's next stamps (the next write stores it with its own).
    /// </summary>
    public async Task<long> ReadClockAsync(string model, long nowMs, CancellationToken cancellationToken)
    {
        using var gate = await WriterGateAsync(null, cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new SqlParameters();
        var (read, _) = await ReadStartAsync(connection, transaction, dialect.ReadClock(parameters.Add(model), parameters.Add(nowMs)), parameters, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var stamp = read ?? throw new InvalidOperationException("The clock statement returned no stamp.");
        if (_writerGate is not null)
        {
            _syncFloors.AddOrUpdate(model, stamp, (_, floor) => Math.Max(floor, stamp));
        }

        return stamp;
    }

    /// <summary>Reads the result sets of a write's round trip: the <c>stratus_stamp</c> and the current item, each if any.</summary>
    private static async Task<(long? Stamp, StoredItem? Current)> ReadStartAsync(DbConnection connection, DbTransaction? transaction, string sql, SqlParameters parameters, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long? stamp = null;
        StoredItem? current = null;
        do
        {
            if (reader.FieldCount == 0)
            {
                continue;
            }

            var first = reader.GetName(0);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (first == "stratus_stamp")
                {
                    stamp = Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (first == "model")
                {
                    current = ReadItem(reader);
                }
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return (stamp, current);
    }

    /// <summary>
    /// SQLite admits one writer at a time and makes the others wait in a blocking busy loop, which would tie up
    /// thread-pool threads under concurrent writes; so this process queues all its writers asynchronously. On
    /// PostgreSQL the row locks order writers; an item's gate (one of a fixed set of stripes) is taken only when
    /// work follows the commit.
    /// </summary>
    private async Task<IDisposable> WriterGateAsync((string Model, string Pk)? item, CancellationToken cancellationToken)
    {
        var gate = _writerGate ?? (item is { } key ? _itemGates[(int)((uint)HashCode.Combine(key.Model, key.Pk) % (uint)_itemGates.Length)] : null);
        if (gate is null)
        {
            return NoGate.Instance;
        }

        await gate.WaitAsync(cancellationToken);
        return new GateRelease(gate);
    }

    private sealed class GateRelease(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private sealed class NoGate : IDisposable
    {
        public static NoGate Instance { get; } = new();

        public void Dispose()
        {
        }
    }

    internal static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, SqlParameters parameters, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
