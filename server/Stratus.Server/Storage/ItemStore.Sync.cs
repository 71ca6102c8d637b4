using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Stratus.Schema.Filters;
using Stratus.Schema.Model;

namespace Stratus.Server.Storage;

public sealed partial class ItemStore
{
    /// <summary>
    /// A delta-sync page: the changes to the model stamped after <paramref name="lastSync"/>, one row per change, in
    /// commit order, filtered in SQL. The cursor is the last row's (stamp, id).
    /// </summary>
    public async Task<ItemPage> DeltaAsync(ModelDefinition model, FilterNode? filter, long lastSync, long nowMs, int limit, IReadOnlyList<object?>? after, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var parameters = new SqlParameters();
        var where = new List<string>
        {
            $"model = {parameters.Add(model.Name)}",
            $"last_changed_at > {parameters.Add(lastSync)}",
            $"expires_at > {parameters.Add(nowMs)}",
            new FilterSql(dialect, model, parameters.Add).Translate(filter),
        };
        if (after is [var stamp, var id])
        {
            where.Add($"(last_changed_at, id) > ({parameters.Add(Convert.ToInt64(stamp, System.Globalization.CultureInfo.InvariantCulture))}, {parameters.Add(Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture))})");
        }

        var sql = $"SELECT id, model, pk, data, version, deleted, last_changed_at FROM stratus_deltas WHERE {string.Join(" AND ", where)} "
            + $"ORDER BY last_changed_at, id LIMIT {parameters.Add(limit + 1)}";
        await using var command = CreateCommand(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(long Id, StoredItem Item)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetInt64(0), new StoredItem(
                reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt64(4), reader.GetBoolean(5), reader.GetInt64(6), null)));
        }

        if (rows.Count <= limit)
        {
            return new ItemPage(rows.Select(r => r.Item).ToList(), null);
        }

        var page = rows.Take(limit).ToList();
        return new ItemPage(page.Select(r => r.Item).ToList(), [page[^1].Item.LastChangedAt, page[^1].Id]);
    }

    /// <summary>
    /// Removes tombstones past BaseTableTTL and delta rows past DeltaSyncTableTTL, returning how many, then runs the
    /// database's upkeep (<see cref="ISqlDialect.Maintenance"/>).
    /// </summary>
    public async Task<(int Tombstones, int Deltas)> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var seconds = now.ToUnixTimeSeconds();
        var ms = now.ToUnixTimeMilliseconds();
        var tombstones = await context.Items.Where(i => i.Ttl != null && i.Ttl <= seconds).ExecuteDeleteAsync(cancellationToken);
        var deltas = await context.Deltas.Where(d => d.ExpiresAt <= ms).ExecuteDeleteAsync(cancellationToken);
        if (dialect.Maintenance is { } maintenance)
        {
            await context.Database.ExecuteSqlRawAsync(maintenance, cancellationToken);
        }

        return (tombstones, deltas);
    }

    /// <summary>
    /// Applies the EF Core migrations, then creates one database index per <c>@index</c> of the schema. On PostgreSQL
    /// the whole step holds a session advisory lock, so replicas starting together take turns instead of racing to
    /// create the same tables; SQLite's own write lock does the same there.
    /// </summary>
    public async Task MigrateAsync(ModelSchema schema, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        if (connections.Postgres is not null)
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(7361829)", new SqlParameters(), cancellationToken);
        }

        try
        {
            await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
            {
                await context.Database.MigrateAsync(cancellationToken);
                if (context.Database.IsSqlite())
                {
                    await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
                }
            }

            foreach (var model in schema.Models)
            {
                foreach (var index in model.Indexes)
                {
                    var fields = index.SortKeyFields.Prepend(index.PartitionField).Select(model.GetField);
                    var name = $"ix_{model.Name}_{index.Name}".Replace('.', '_').Replace('-', '_');
                    // The first form of these indexes lacked the key column; it gives way to the current one.
                    await ExecuteAsync(connection, null, $"DROP INDEX IF EXISTS \"{name}\"", new SqlParameters(), cancellationToken);
                    try
                    {
                        await ExecuteAsync(connection, null, dialect.CreateIndex(IndexName(model, index), model.Name, fields), new SqlParameters(), cancellationToken);
                    }
                    catch (DbException e) when (e.SqlState is "22P02" or "22003")
                    {
                        // A stored value that does not read as its field's type (written before the schema changed it).
                        var keyFields = string.Join(", ", index.SortKeyFields.Prepend(index.PartitionField).Select(f => $"{f}: {model.GetField(f).TypeName}"));
                        throw new InvalidOperationException(
                            $"The @index \"{index.Name}\" on {model.Name} ({keyFields}) cannot be built: a stored {model.Name} holds a value that is not of its field's type ({e.Message}). "
                            + "Correct those items, or the field's type in the schema.");
                    }
                }
            }
        }
        finally
        {
            if (connections.Postgres is not null)
            {
                await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(7361829)", new SqlParameters(), CancellationToken.None);
            }
        }
    }

    /// <summary>The database index of an <c>@index</c>.</summary>
    public static string IndexName(ModelDefinition model, IndexDefinition index) =>
        $"ix_{model.Name}_{index.Name}_by_key".Replace('.', '_').Replace('-', '_');

    /// <summary>True when the database answers and every migration is applied (the readiness probe).</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return !(await context.Database.GetPendingMigrationsAsync(cancellationToken)).Any();
    }

    /// <summary>Reads a server setting, creating it with <paramref name="create"/> when absent (first writer wins).</summary>
    public async Task<string> GetOrCreateSettingAsync(string key, Func<string> create, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var parameters = new SqlParameters();
        await ExecuteAsync(connection, null,
            $"INSERT INTO stratus_settings (key, value) VALUES ({parameters.Add(key)}, {parameters.Add(create())}) ON CONFLICT (key) DO NOTHING",
            parameters, cancellationToken);
        var select = new SqlParameters();
        await using var command = CreateCommand(connection, null, $"SELECT value FROM stratus_settings WHERE key = {select.Add(key)}", select);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
