using System.Data.Common;
using Stratus.Schema.AppSync.Errors;

namespace Stratus.Server.Storage;

public sealed partial class ItemStore
{
    /// <summary>
    /// Runs one write atomically: takes the model's change clock (its row lock serializes the model's writers until
    /// commit, so stamps are commit-ordered), reads the current item, asks <paramref name="decide"/> for the new
    /// state (it may throw an AppSync error to abort), then writes the item with <c>_version + 1</c> (1 for a new
    /// item) and its delta row in one round trip. Locks are always taken clock first, then item, so writers
    /// cannot deadlock.
    /// </summary>
    public async Task<StoredItem> WriteAsync(
        string model,
        string pk,
        WriteClock clock,
        Func<StoredItem?, WritePlan> decide,
        CancellationToken cancellationToken,
        Func<StoredItem, DbTransaction, CancellationToken, Task>? beforeCommit = null,
        Func<StoredItem, Task>? afterCommit = null)
    {
        // After-commit work (publishing) must finish before the model's next writer commits, to keep commit order.
        using var gate = await WriterGateAsync(afterCommit is null ? null : model, cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var stamp = await BumpClockAsync(connection, transaction, model, clock.Now.ToUnixTimeMilliseconds(), increment: true, cancellationToken);
        var select = new SqlParameters();
        var current = (await ReadItemsAsync(connection, transaction,
            $"SELECT {Columns} FROM stratus_items WHERE model = {select.Add(model)} AND pk = {select.Add(pk)}{dialect.ForUpdate}",
            select, cancellationToken)).FirstOrDefault();

        // An expired tombstone the sweeper has not reached yet counts as absent; replacing it restarts at version 1.
        var visible = current is { Ttl: { } ttl } && ttl <= clock.Now.ToUnixTimeSeconds() ? null : current;
        var plan = decide(visible);
        var version = visible is null ? 1 : visible.Version + 1;
        var result = new StoredItem(model, pk, plan.Data, version, plan.Deleted, stamp, plan.TtlSeconds);

        var parameters = new SqlParameters();
        var data = dialect.JsonParameter(parameters.Add(plan.Data.ToJsonString()));
        var (m, k, v, d, s, t) = (parameters.Add(model), parameters.Add(pk), parameters.Add(version), parameters.Add(plan.Deleted), parameters.Add(stamp), parameters.Add(plan.TtlSeconds));
        var write = current is null
            ? $"INSERT INTO stratus_items ({Columns}) VALUES ({m}, {k}, {data}, {v}, {d}, {s}, {t}) ON CONFLICT (model, pk) DO NOTHING"
            : $"UPDATE stratus_items SET data = {data}, version = {v}, deleted = {d}, last_changed_at = {s}, ttl = {t} "
                + $"WHERE model = {m} AND pk = {k} AND version = {parameters.Add(current.Version)}";
        var delta = "INSERT INTO stratus_deltas (model, pk, version, deleted, last_changed_at, data, expires_at) "
            + $"VALUES ({m}, {k}, {v}, {d}, {s}, {data}, {parameters.Add(clock.DeltaExpiresAtMs)})";
        if (await ExecuteAsync(connection, transaction, write + "; " + delta, parameters, cancellationToken) != 2)
        {
            // Only a concurrent create of the same key can get here: the clock lock orders every other writer.
            throw new ConditionalCheckFailedException();
        }

        if (beforeCommit is not null)
        {
            await beforeCommit(result, transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (afterCommit is not null)
        {
            await afterCommit(result);
        }

        return result;
    }

    /// <summary>
    /// Moves the model's clock forward and returns it. Writers increment it; a sync only raises it to now, waiting
    /// for in-flight writers (their clock row lock) so its <c>startedAt</c> is below every later stamp.
    /// </summary>
    public async Task<long> ReadClockAsync(string model, long nowMs, CancellationToken cancellationToken)
    {
        using var gate = await WriterGateAsync(null, cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await BumpClockAsync(connection, null, model, nowMs, increment: false, cancellationToken);
    }

    private async Task<long> BumpClockAsync(DbConnection connection, DbTransaction? transaction, string model, long nowMs, bool increment, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        var sql = dialect.BumpClock(increment).Replace("@model", parameters.Add(model), StringComparison.Ordinal).Replace("@now", parameters.Add(nowMs), StringComparison.Ordinal);
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// SQLite admits one writer at a time and makes the others wait in a blocking busy loop, which would tie up
    /// thread-pool threads under concurrent writes; so this process queues all its writers asynchronously. On
    /// PostgreSQL the row locks order writers; a per-model gate is taken only when work follows the commit.
    /// </summary>
    private async Task<IDisposable> WriterGateAsync(string? model, CancellationToken cancellationToken)
    {
        var gate = _writerGate ?? (model is null ? null : _modelGates.GetOrAdd(model, _ => new SemaphoreSlim(1, 1)));
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
