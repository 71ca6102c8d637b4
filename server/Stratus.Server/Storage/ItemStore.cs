using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Stratus.Schema.Filters;
using Stratus.Schema.AppSync;
using Stratus.Schema.Model;

namespace Stratus.Server.Storage;

/// <summary>
/// Reads and writes items with SQL that runs entirely in the database (filters, order, pages). The sync rules
/// themselves live in <c>Sync/</c>; this class only guarantees atomicity: a write reads the item under a lock,
/// lets the caller decide, then writes the item and the delta row in one transaction.
/// </summary>
public sealed partial class ItemStore(IDbContextFactory<StratusDbContext> contexts, ConnectionFactory connections, ISqlDialect dialect)
{
    internal const string Columns = "model, pk, data, version, deleted, last_changed_at, ttl";

    private readonly SemaphoreSlim? _writerGate = dialect is Sqlite.SqliteDialect ? new SemaphoreSlim(1, 1) : null;
    /// <summary>SQLite only: per model, the highest sync <c>startedAt</c> handed out, which later stamps must exceed.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _syncFloors = new(StringComparer.Ordinal);
    /// <summary>PostgreSQL only: stripes of per-item gates, held from a write through its publishing (SQLite has one gate).</summary>
    private readonly SemaphoreSlim[] _itemGates = dialect is Sqlite.SqliteDialect ? [] : Enumerable.Range(0, 1024).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<StoredItem?> GetAsync(string model, string pk, long nowSeconds, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var parameters = new SqlParameters();
        var sql = $"SELECT {Columns} FROM stratus_items WHERE model = {parameters.Add(model)} AND pk = {parameters.Add(pk)} AND (ttl IS NULL OR ttl > {parameters.Add(nowSeconds)})";
        var items = await ReadItemsAsync(connection, null, sql, parameters, cancellationToken);
        return items.FirstOrDefault();
    }

    /// <summary>Reads the items whose keys are given, in one query (used to resolve relationships without N+1).</summary>
    public async Task<IReadOnlyList<StoredItem>> GetManyAsync(string model, IReadOnlyCollection<string> pks, long nowSeconds, CancellationToken cancellationToken)
    {
        if (pks.Count == 0)
        {
            return [];
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        var parameters = new SqlParameters();
        var keys = string.Join(", ", pks.Select(parameters.Add));
        var sql = $"SELECT {Columns} FROM stratus_items WHERE model = {parameters.Add(model)} AND pk IN ({keys}) AND (ttl IS NULL OR ttl > {parameters.Add(nowSeconds)})";
        return await ReadItemsAsync(connection, null, sql, parameters, cancellationToken);
    }

    public async Task<ItemPage> QueryAsync(ModelDefinition model, QuerySpec spec, long nowSeconds, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var (sql, parameters) = QuerySql(model, spec, nowSeconds);
        return Page(spec, await ReadItemsAsync(connection, null, sql, parameters, cancellationToken));
    }

    /// <summary>
    /// The statement <see cref="QueryAsync"/> runs for a page: filters, key conditions, order and cursor in SQL. The
    /// model is written as a literal, so the planner can match the partial index of each <c>@index</c>.
    /// </summary>
    public (string Sql, SqlParameters Parameters) QuerySql(ModelDefinition model, QuerySpec spec, long nowSeconds)
    {
        var parameters = new SqlParameters();
        var where = Where(model, spec, nowSeconds, parameters);
        if (spec.Partition is { } partition)
        {
            where.Add($"{dialect.Field(partition.Field)} = {parameters.Add(FilterValues.Typed(partition.Field, partition.Value))}");
        }

        var order = Order(spec);
        if (spec.After is { } after)
        {
            var values = after.Select((v, i) => parameters.Add(i < spec.OrderBy.Count ? FilterValues.Typed(spec.OrderBy[i], v) : v));
            where.Add($"({string.Join(", ", order)}) {(spec.Descending ? "<" : ">")} ({string.Join(", ", values)})");
        }

        var sql = $"SELECT {Columns} FROM stratus_items WHERE {string.Join(" AND ", where)} "
            + $"ORDER BY {OrderBy(spec, order)} LIMIT {parameters.Add(spec.Limit + 1)}";
        return (sql, parameters);
    }

    /// <summary>A model name (a GraphQL name, so letters, digits and underscores) as an SQL string literal.</summary>
    internal static string ModelLiteral(string model) => $"'{model.Replace("'", "''", StringComparison.Ordinal)}'";

    /// <summary>
    /// The first page of the same query for many partition values at once (a hasMany field under a list of
    /// parents), in one statement: rows are ranked per partition and cut at the page size.
    /// </summary>
    public async Task<Dictionary<string, ItemPage>> QueryPartitionsAsync(ModelDefinition model, QuerySpec spec, FieldDefinition partitionField, IReadOnlyCollection<object?> partitionValues, long nowSeconds, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var parameters = new SqlParameters();
        var where = Where(model, spec, nowSeconds, parameters);
        var partitionExpression = dialect.Field(partitionField);
        where.Add($"{partitionExpression} IN ({string.Join(", ", partitionValues.Select(v => parameters.Add(FilterValues.Typed(partitionField, v))))})");
        var sql = $"SELECT {Columns} FROM (SELECT {Columns}, ROW_NUMBER() OVER (PARTITION BY {partitionExpression} ORDER BY {OrderBy(spec, Order(spec))}) AS rank_in_partition "
            + $"FROM stratus_items WHERE {string.Join(" AND ", where)}) ranked WHERE rank_in_partition <= {parameters.Add(spec.Limit + 1)} ORDER BY rank_in_partition";
        var items = await ReadItemsAsync(connection, null, sql, parameters, cancellationToken);
        return items
            .GroupBy(i => PartitionKey(i.Data[partitionField.Name]))
            .ToDictionary(g => g.Key, g => Page(spec, g.ToList()));
    }

    /// <summary>The text a partition value groups under, the same for a stored JSON value and an argument.</summary>
    public static string PartitionKey(object? value) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonNode node => node.ToJsonString(),
        string s => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private List<string> Where(ModelDefinition model, QuerySpec spec, long nowSeconds, SqlParameters parameters)
    {
        var where = new List<string>
        {
            $"model = {ModelLiteral(model.Name)}",
            $"(ttl IS NULL OR ttl > {parameters.Add(nowSeconds)})",
            new FilterSql(dialect, model, parameters.Add).Translate(spec.Filter),
        };
        where.AddRange(spec.Required.Select(f => $"{dialect.Field(f)} IS NOT NULL"));
        if (spec.SortKey is { } sortKey)
        {
            where.Add(KeyConditionSql(sortKey, parameters));
        }

        return where;
    }

    private List<string> Order(QuerySpec spec) => spec.OrderBy.Select(f => dialect.Field(f)).Append("pk").ToList();

    private static string OrderBy(QuerySpec spec, List<string> order) =>
        string.Join(", ", order.Select(o => o + (spec.Descending ? " DESC" : "")));

    private static ItemPage Page(QuerySpec spec, List<StoredItem> items)
    {
        if (items.Count <= spec.Limit)
        {
            return new ItemPage(items, null);
        }

        var page = items.Take(spec.Limit).ToList();
        var last = page[^1];
        var cursor = spec.OrderBy.Select(f => CursorValue(f, last.Data[f.Name])).Append(last.Pk).ToList();
        return new ItemPage(page, cursor);
    }

    private string KeyConditionSql(KeyCondition condition, SqlParameters parameters)
    {
        var expressions = condition.Fields.Select(f => dialect.Field(f)).ToList();
        string Row(IReadOnlyList<object?> values) =>
            "(" + string.Join(", ", values.Select((v, i) => parameters.Add(FilterValues.Typed(condition.Fields[i], v)))) + ")";
        string Left(int count) => "(" + string.Join(", ", expressions.Take(count)) + ")";

        var first = condition.Operands[0];
        switch (condition.Operator)
        {
            case "between":
                var high = condition.Operands[1];
                return $"({Left(first.Count)} >= {Row(first)} AND {Left(high.Count)} <= {Row(high)})";
            case "beginsWith":
                var prefix = first.Count - 1;
                var equal = Enumerable.Range(0, prefix).Select(i => $"{expressions[i]} = {parameters.Add(FilterValues.Typed(condition.Fields[i], first[i]))}");
                var lastField = condition.Fields[prefix];
                var lastValue = first[prefix];
                var begins = FilterInputNames.ScalarFamily(lastField.Scalar ?? ScalarType.String) is "Int" or "Float"
                    ? $"{expressions[prefix]} = {parameters.Add(FilterValues.Typed(lastField, lastValue))}"
                    : dialect.BeginsWith(expressions[prefix], parameters.Add(Convert.ToString(lastValue, CultureInfo.InvariantCulture)));
                return "(" + string.Join(" AND ", equal.Append(begins)) + ")";
            default:
                var op = condition.Operator switch { "eq" => "=", "le" => "<=", "lt" => "<", "ge" => ">=", _ => ">" };
                return $"({Left(first.Count)} {op} {Row(first)})";
        }
    }

    /// <summary>Binds a key or cursor value with the CLR type the field's SQL expression compares against.</summary>
    private static object? CursorValue(FieldDefinition field, JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => FilterValues.Typed(field, node.ToJsonString()),
    };

    internal static async Task<List<StoredItem>> ReadItemsAsync(DbConnection connection, DbTransaction? transaction, string sql, SqlParameters parameters, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<StoredItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadItem(reader));
        }

        return items;
    }

    /// <summary>One row of <see cref="Columns"/>.</summary>
    internal static StoredItem ReadItem(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt64(3),
        reader.GetBoolean(4),
        reader.GetInt64(5),
        reader.IsDBNull(6) ? null : reader.GetInt64(6));

    internal static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql, SqlParameters parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        parameters.ApplyTo(command);
        return command;
    }
}
