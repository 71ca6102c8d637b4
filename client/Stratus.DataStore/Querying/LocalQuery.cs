using System.Data.Common;
using Microsoft.Data.Sqlite;
using Stratus.DataStore.Models;
using Stratus.Schema.Filters;
using Stratus.Schema.Model;

namespace Stratus.DataStore.Querying;

/// <summary>
/// One SELECT over a model's table: the filter (with filters across relationships as correlated
/// <c>EXISTS</c>), the sort (insertion order last, so the order is total) and the page, all in SQL.
/// </summary>
internal sealed class LocalQuery(ModelCatalog catalog, ModelInfo model)
{
    private readonly List<DbParameter> _parameters = [];
    private int _aliases;

    public IReadOnlyList<DbParameter> Parameters => _parameters;

    public string Select(FilterNode? filter, IReadOnlyList<(string Property, SortDirection Direction)> sort, int? limit, int page)
    {
        var where = Where(model, "t0", filter);
        // Ties fall back to the row's insertion order (rowid): a total order, and one a plain table scan already has,
        // so an unsorted query is never sorted and an index on the filtered field keeps its rows in that order.
        var order = sort.Select(s => (Field: model.ByProperty.TryGetValue(s.Property, out var f) ? f.Field.Name
                : throw new ArgumentException($"{model.Name} has no stored property '{s.Property}' to sort by."), s.Direction))
            .DistinctBy(s => s.Field)
            .Select(s => $"t0.\"{s.Field}\" {(s.Direction == SortDirection.Descending ? "DESC" : "ASC")}")
            .Append("t0.rowid ASC");
        var sql = $"SELECT t0.* FROM \"{model.Name}\" AS t0 WHERE {where} ORDER BY {string.Join(", ", order)}";
        if (limit is { } take)
        {
            sql += $" LIMIT {Add(take)} OFFSET {Add((long)page * take)}";
        }

        return sql;
    }

    public string Count(FilterNode? filter) => $"SELECT COUNT(*) AS \"Value\" FROM \"{model.Name}\" AS t0 WHERE {Where(model, "t0", filter)}";

    private string Where(ModelInfo on, string alias, FilterNode? filter) =>
        new FilterSql(SqliteColumnDialect.Instance, on.Definition, Add, alias, related: r => Related(on, alias, r)).Translate(filter);

    private string Related(ModelInfo on, string alias, RelatedFilter filter)
    {
        var relationship = on.Definition.FindField(filter.Relationship)?.Relationship
            ?? throw new FilterException($"{on.Name} has no relationship '{filter.Relationship}'.");
        var related = catalog.Get(relationship.RelatedModel);
        var inner = "r" + ++_aliases;
        var join = relationship.LocalFields.Zip(relationship.RelatedFields, (local, remote) => $"{inner}.\"{remote}\" = {alias}.\"{local}\"");
        return $"EXISTS (SELECT 1 FROM \"{related.Name}\" AS {inner} WHERE {string.Join(" AND ", join)} AND {Where(related, inner, filter.Filter)})";
    }

    private string Add(object? value)
    {
        var name = "@p" + _parameters.Count;
        _parameters.Add(new SqliteParameter(name, value ?? DBNull.Value));
        return name;
    }
}
