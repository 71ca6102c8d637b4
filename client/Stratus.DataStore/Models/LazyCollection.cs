namespace Stratus.DataStore.Models;

/// <summary>
/// A hasMany relationship: the children in the local store, read on enumeration (a new query each time, so it
/// never shows a stale snapshot). In a query predicate, <see cref="Any"/> filters on the children in SQL.
/// </summary>
public sealed class LazyCollection<T> : IAsyncEnumerable<T>
    where T : StratusModel
{
    private readonly StratusModel _owner;
    private readonly string _field;

    internal LazyCollection(StratusModel owner, string field)
    {
        _owner = owner;
        _field = field;
    }

    /// <summary>The children, at most <paramref name="max"/> of them when given.</summary>
    public async Task<IReadOnlyList<T>> ToListAsync(int? max = null, CancellationToken cancellationToken = default) =>
        _owner.Store is { } store
            ? await store.LoadRelatedAsync<T>(_owner, _field, max, cancellationToken).ConfigureAwait(false)
            : [];

    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        foreach (var item in await ToListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    /// <summary>
    /// For query predicates only (<c>p => p.Comments.Any(c => c.Likes > 3)</c>): true when a child matches.
    /// </summary>
    public bool Any(Func<T, bool> predicate) =>
        throw new InvalidOperationException($"'{_field}.Any' is translated to SQL inside a StratusDataStore query predicate; to test children, use ToListAsync().");
}
