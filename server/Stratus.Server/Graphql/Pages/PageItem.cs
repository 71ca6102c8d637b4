using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Stratus.Server.Storage;
using Stratus.Server.Sync;

namespace Stratus.Server.Graphql.Pages;

/// <summary>
/// An item of a list page (<c>items</c> of a connection) as a resolver hands it to the GraphQL engine. A query
/// writes a page of them straight from the stored JSON when the selection allows it
/// (<see cref="PageWritingExecutionStrategy"/>); everywhere else it is the usual field dictionary, built on first use.
/// </summary>
public sealed class PageItem(StoredItem item) : IDictionary<string, object?>
{
    private Dictionary<string, object?>? _fields;

    public StoredItem Stored => item;

    private Dictionary<string, object?> Fields => _fields ??= (Dictionary<string, object?>)SyncQueries.Output(item)!;

    public object? this[string key] { get => Fields[key]; set => Fields[key] = value; }

    public ICollection<string> Keys => Fields.Keys;

    public ICollection<object?> Values => Fields.Values;

    public int Count => Fields.Count;

    public bool IsReadOnly => false;

    public void Add(string key, object? value) => Fields.Add(key, value);

    public void Add(KeyValuePair<string, object?> entry) => ((ICollection<KeyValuePair<string, object?>>)Fields).Add(entry);

    public void Clear() => Fields.Clear();

    public bool Contains(KeyValuePair<string, object?> entry) => ((ICollection<KeyValuePair<string, object?>>)Fields).Contains(entry);

    public bool ContainsKey(string key) => Fields.ContainsKey(key);

    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) => ((ICollection<KeyValuePair<string, object?>>)Fields).CopyTo(array, arrayIndex);

    public bool Remove(string key) => Fields.Remove(key);

    public bool Remove(KeyValuePair<string, object?> entry) => ((ICollection<KeyValuePair<string, object?>>)Fields).Remove(entry);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => Fields.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
