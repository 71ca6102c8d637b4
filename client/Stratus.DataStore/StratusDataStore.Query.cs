using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Stratus.DataStore.Models;
using Stratus.DataStore.Querying;
using Stratus.DataStore.Storage;
using Stratus.Schema.Filters;

namespace Stratus.DataStore;

public sealed partial class StratusDataStore
{
    /// <summary>The record with this id, or null. For models whose key is one field; use <see cref="FindAsync{T}"/> for composite keys.</summary>
    public Task<T?> QueryAsync<T>(string id, CancellationToken cancellationToken = default)
        where T : StratusModel
    {
        var info = _catalog.Get<T>();
        if (info.Keys.Count != 1)
        {
            throw new ArgumentException($"{info.Name} has a composite key ({string.Join(", ", info.Keys.Select(k => k.Field.Name))}); query it with FindAsync<{typeof(T).Name}>(...) giving every key value in order.", nameof(id));
        }

        return FindAsync<T>([id], cancellationToken);
    }

    /// <summary>The record with these key values (in key order: the primary key field, then its sort key fields), or null.</summary>
    public async Task<T?> FindAsync<T>(object?[] keyValues, CancellationToken cancellationToken = default)
        where T : StratusModel
    {
        var info = _catalog.Get<T>();
        var filter = KeyFilter(info, keyValues);
        var rows = await QueryCoreAsync<T>(info, filter, [], 1, 0, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// The records matching <paramref name="predicate"/> (all when null), sorted and paged by
    /// <paramref name="options"/>; filtering, sorting and paging all run in SQL.
    /// </summary>
    public Task<IReadOnlyList<T>> QueryAsync<T>(Expression<Func<T, bool>>? predicate = null, QueryOptions<T>? options = null, CancellationToken cancellationToken = default)
        where T : StratusModel
    {
        var info = _catalog.Get<T>();
        var filter = predicate is null ? null : _predicates.Translate(info, predicate);
        return QueryCoreAsync<T>(info, filter, options?.Sort ?? [], options?.Limit, options?.PageIndex ?? 0, cancellationToken);
    }

    /// <summary>How many records match <paramref name="predicate"/> (all when null), counted in SQL.</summary>
    public async Task<long> CountAsync<T>(Expression<Func<T, bool>>? predicate = null, CancellationToken cancellationToken = default)
        where T : StratusModel
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        var info = _catalog.Get<T>();
        await using var db = NewContext();
        return await CountAsync(db, info, predicate is null ? null : _predicates.Translate(info, predicate), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The records related to <paramref name="owner"/> through its relationship <paramref name="field"/>.</summary>
    internal async Task<IReadOnlyList<T>> LoadRelatedAsync<T>(StratusModel owner, string field, int? max, CancellationToken cancellationToken)
        where T : StratusModel
    {
        var info = _catalog.Get(owner.GetType());
        var relationship = info.Definition.GetField(field).Relationship!;
        var related = _catalog.Get<T>();
        var values = relationship.LocalFields.Select(f => info.Field(f).Get(owner)).ToList();
        if (values.Any(v => v is null))
        {
            return [];
        }

        return await QueryCoreAsync<T>(related, related.FieldsEqual(relationship.RelatedFields, values), [], max, 0, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<IReadOnlyList<T>> QueryCoreAsync<T>(ModelInfo info, FilterNode? filter, IReadOnlyList<(string Property, SortDirection Direction)> sort, int? limit, int page, CancellationToken cancellationToken)
        where T : StratusModel
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var db = NewContext();
        var rows = await RowsAsync<T>(db, info, filter, sort, limit, page, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            row.Store = this;
        }

        return rows;
    }

    private async Task<List<T>> RowsAsync<T>(LocalDbContext db, ModelInfo info, FilterNode? filter, IReadOnlyList<(string Property, SortDirection Direction)> sort, int? limit, int page, CancellationToken cancellationToken)
        where T : class
    {
        var query = new LocalQuery(_catalog, info);
        var sql = query.Select(filter, sort, limit, page);
#pragma warning disable EF1002 // The SQL is built from schema identifiers; every value is a parameter.
        return await db.Set<T>().FromSqlRaw(sql, [.. query.Parameters]).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
    }

    /// <summary>The rows of a model known only at run time (cascades), as their generated type.</summary>
    internal async Task<IReadOnlyList<StratusModel>> RowsAsync(LocalDbContext db, ModelInfo info, FilterNode? filter, CancellationToken cancellationToken)
    {
        var task = (Task)TypedRows.MakeGenericMethod(info.ClrType).Invoke(this, [db, info, filter, Array.Empty<(string, SortDirection)>(), null, 0, cancellationToken])!;
        await task.ConfigureAwait(false);
        return [.. ((System.Collections.IEnumerable)task.GetType().GetProperty("Result")!.GetValue(task)!).Cast<StratusModel>()];
    }

    private static readonly MethodInfo TypedRows = typeof(StratusDataStore).GetMethod(nameof(RowsAsync), 1, BindingFlags.NonPublic | BindingFlags.Instance,
        [typeof(LocalDbContext), typeof(ModelInfo), typeof(FilterNode), typeof(IReadOnlyList<(string, SortDirection)>), typeof(int?), typeof(int), typeof(CancellationToken)])!;

    private static async Task<long> CountAsync(LocalDbContext db, ModelInfo info, FilterNode? filter, CancellationToken cancellationToken)
    {
        var query = new LocalQuery(db.Catalog, info);
        var sql = query.Count(filter);
#pragma warning disable EF1002 // The SQL is built from schema identifiers; every value is a parameter.
        return await db.Database.SqlQueryRaw<long>(sql, [.. query.Parameters]).SingleAsync(cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
    }

    private static AndFilter KeyFilter(ModelInfo info, object?[] keyValues)
    {
        if (keyValues.Length != info.Keys.Count)
        {
            throw new ArgumentException($"{info.Name} is keyed by {string.Join(", ", info.Keys.Select(k => k.Field.Name))}: give {info.Keys.Count} key value(s), not {keyValues.Length}.", nameof(keyValues));
        }

        return info.FieldsEqual(info.Keys.Select(k => k.Field.Name), keyValues);
    }
}
