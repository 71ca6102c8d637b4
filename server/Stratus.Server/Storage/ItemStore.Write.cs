using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Stratus.Server.Graphql.Errors;

namespace Stratus.Server.Storage;

public sealed partial class ItemStore
{
    /// <summary>
    /// Runs one write atomically: reads the current item (locked until commit), asks <paramref name="decide"/> for
    /// the new state (it may throw an AppSync error to abort), bumps the model's change clock, writes the item with
    /// <c>_version + 1</c> (1 for a new item) and appends the delta row.
    /// </summary>
    public async Task<StoredItem> WriteAsync(
        string model,
        string pk,
        WriteClock clock,
        Func<StoredItem?, WritePlan> decide,
        CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);

        var select = new SqlParameters();
        var current = (await ReadItemsAsync(context, transaction,
            $"SELECT {Columns} FROM stratus_items WHERE model = {select.Add(model)} AND pk = {select.Add(pk)}{dialect.ForUpdate}",
            select, cancellationToken)).FirstOrDefault();

        // An expired tombstone the sweeper has not reached yet counts as absent.
        var nowSeconds = clock.Now.ToUnixTimeSeconds();
        var visible = current is { Ttl: { } ttl } && ttl <= nowSeconds ? null : current;
        var plan = decide(visible);

        var written = current is null
            ? await InsertAsync(context, transaction, model, pk, plan, cancellationToken)
            : await UpdateAsync(context, transaction, current, plan, visible is null, cancellationToken);

        var stamp = await BumpClockAsync(context, transaction, model, clock.Now.ToUnixTimeMilliseconds(), increment: true, cancellationToken);
        var result = written with { LastChangedAt = stamp };
        var parameters = new SqlParameters();
        var data = parameters.Add(result.Data.ToJsonString());
        await ExecuteAsync(context, transaction,
            $"UPDATE stratus_items SET last_changed_at = {parameters.Add(stamp)} WHERE model = {parameters.Add(model)} AND pk = {parameters.Add(pk)}; "
            + "INSERT INTO stratus_deltas (model, pk, version, deleted, last_changed_at, data, expires_at) VALUES "
            + $"({parameters.Add(model)}, {parameters.Add(pk)}, {parameters.Add(result.Version)}, {parameters.Add(result.Deleted)}, {parameters.Add(stamp)}, {dialect.JsonParameter(data)}, {parameters.Add(clock.DeltaExpiresAtMs)})",
            parameters, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<StoredItem> InsertAsync(StratusDbContext context, IDbContextTransaction transaction, string model, string pk, WritePlan plan, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        var sql = $"INSERT INTO stratus_items ({Columns}) VALUES ({parameters.Add(model)}, {parameters.Add(pk)}, "
            + $"{dialect.JsonParameter(parameters.Add(plan.Data.ToJsonString()))}, 1, {parameters.Add(plan.Deleted)}, 0, {parameters.Add(plan.TtlSeconds)}) "
            + "ON CONFLICT (model, pk) DO NOTHING";
        if (await ExecuteAsync(context, transaction, sql, parameters, cancellationToken) == 0)
        {
            // Another writer created the same key between our read and our insert.
            throw new ConditionalCheckFailedError();
        }

        return new StoredItem(model, pk, plan.Data, 1, plan.Deleted, 0, plan.TtlSeconds);
    }

    private async Task<StoredItem> UpdateAsync(StratusDbContext context, IDbContextTransaction transaction, StoredItem current, WritePlan plan, bool replacesExpired, CancellationToken cancellationToken)
    {
        // Replacing an expired tombstone starts the item's history again at version 1.
        var version = replacesExpired ? 1 : current.Version + 1;
        var parameters = new SqlParameters();
        var sql = $"UPDATE stratus_items SET data = {dialect.JsonParameter(parameters.Add(plan.Data.ToJsonString()))}, "
            + $"version = {parameters.Add(version)}, deleted = {parameters.Add(plan.Deleted)}, ttl = {parameters.Add(plan.TtlSeconds)} "
            + $"WHERE model = {parameters.Add(current.Model)} AND pk = {parameters.Add(current.Pk)} AND version = {parameters.Add(current.Version)}";
        if (await ExecuteAsync(context, transaction, sql, parameters, cancellationToken) != 1)
        {
            throw new InternalFailureError("The item changed while it was locked for writing.");
        }

        return current with { Data = plan.Data, Version = version, Deleted = plan.Deleted, Ttl = plan.TtlSeconds };
    }

    /// <summary>
    /// Moves the model's clock forward and returns it. Writers increment it; a sync only raises it to now, waiting
    /// for in-flight writers (their clock row lock) so its <c>startedAt</c> is below every later stamp.
    /// </summary>
    public async Task<long> ReadClockAsync(string model, long nowMs, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await BumpClockAsync(context, null, model, nowMs, increment: false, cancellationToken);
    }

    private async Task<long> BumpClockAsync(StratusDbContext context, IDbContextTransaction? transaction, string model, long nowMs, bool increment, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        var sql = dialect.BumpClock(increment).Replace("@model", parameters.Add(model), StringComparison.Ordinal).Replace("@now", parameters.Add(nowMs), StringComparison.Ordinal);
        await using var command = await CreateCommandAsync(context, transaction, sql, parameters, cancellationToken);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static async Task<int> ExecuteAsync(StratusDbContext context, IDbContextTransaction? transaction, string sql, SqlParameters parameters, CancellationToken cancellationToken)
    {
        await using var command = await CreateCommandAsync(context, transaction, sql, parameters, cancellationToken);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
