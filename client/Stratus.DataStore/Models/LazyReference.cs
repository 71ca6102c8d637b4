namespace Stratus.DataStore.Models;

/// <summary>
/// A hasOne or belongsTo relationship, read from the local store when awaited. An instance that was never saved
/// or read through a <see cref="StratusDataStore"/> has no related record (null), as in Amplify.
/// In a query predicate, <see cref="Matches"/> filters on the related record in SQL.
/// </summary>
public sealed class LazyReference<T>
    where T : StratusModel
{
    private readonly StratusModel _owner;
    private readonly string _field;

    internal LazyReference(StratusModel owner, string field)
    {
        _owner = owner;
        _field = field;
    }

    /// <summary>The related record, or null when the key is empty or nothing matches it locally.</summary>
    public async Task<T?> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_owner.Store is not { } store)
        {
            return null;
        }

        var related = await store.LoadRelatedAsync<T>(_owner, _field, 2, cancellationToken).ConfigureAwait(false);
        return related.Count switch
        {
            0 => null,
            1 => related[0],
            _ => throw new InvalidOperationException($"More than one {typeof(T).Name} matches the '{_field}' relationship of this {_owner.GetType().Name}; a hasOne/belongsTo key must be unique."),
        };
    }

    public System.Runtime.CompilerServices.TaskAwaiter<T?> GetAwaiter() => LoadAsync().GetAwaiter();

    /// <summary>
    /// For query predicates only (<c>c => c.Blog.Matches(b => b.Name == "x")</c>): true when the related record
    /// matches. Outside a predicate it tests an already loaded record, so call <see cref="LoadAsync"/> instead.
    /// </summary>
    public bool Matches(Func<T, bool> predicate) =>
        throw new InvalidOperationException($"'{_field}.Matches' is translated to SQL inside a StratusDataStore query predicate; to test a record, await LoadAsync() and test it.");
}
