using System.Linq.Expressions;

namespace Stratus.DataStore.Querying;

/// <summary>
/// Sort and paging for <c>QueryAsync</c>, done in SQL: <c>new QueryOptions&lt;Post&gt;().OrderBy(p => p.Rating).ThenByDescending(p => p.Title).Page(2, 50)</c>.
/// Nulls sort first ascending and last descending; ties (and unsorted queries) follow the order rows were stored in
/// (within one <c>SaveAllAsync</c>, new records are stored in key order), so pages never overlap.
/// </summary>
public sealed class QueryOptions<T>
{
    private readonly List<(string Property, SortDirection Direction)> _sort = [];

    public IReadOnlyList<(string Property, SortDirection Direction)> Sort => _sort;

    /// <summary>Rows per page; null returns everything.</summary>
    public int? Limit { get; private set; }

    /// <summary>Zero-based page index (needs <see cref="Limit"/>).</summary>
    public int PageIndex { get; private set; }

    public QueryOptions<T> OrderBy<TValue>(Expression<Func<T, TValue>> property) => Add(property, SortDirection.Ascending);

    public QueryOptions<T> OrderByDescending<TValue>(Expression<Func<T, TValue>> property) => Add(property, SortDirection.Descending);

    public QueryOptions<T> ThenBy<TValue>(Expression<Func<T, TValue>> property) => Add(property, SortDirection.Ascending);

    public QueryOptions<T> ThenByDescending<TValue>(Expression<Func<T, TValue>> property) => Add(property, SortDirection.Descending);

    /// <summary>At most <paramref name="limit"/> rows.</summary>
    public QueryOptions<T> Take(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        Limit = limit;
        return this;
    }

    /// <summary>The zero-based <paramref name="page"/> of <paramref name="limit"/> rows.</summary>
    public QueryOptions<T> Page(int page, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        Take(limit);
        PageIndex = page;
        return this;
    }

    private QueryOptions<T> Add<TValue>(Expression<Func<T, TValue>> property, SortDirection direction)
    {
        var body = property.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : property.Body;
        if (body is not MemberExpression { Expression: ParameterExpression } member)
        {
            throw new ArgumentException($"Sort by a property of {typeof(T).Name} (p => p.Title), not '{property.Body}'.", nameof(property));
        }

        _sort.Add((member.Member.Name, direction));
        return this;
    }
}
