#if !NET
using System.Collections.ObjectModel;

namespace Stratus.Schema.Compat;

/// <summary>
/// The few BCL members this library uses that netstandard2.0 lacks. The netstandard2.0 build exists only so the
/// client's source generator can run the same parser inside the compiler; the net10.0 build uses the real members.
/// </summary>
internal static class NetStandardPolyfills
{
    public static HashSet<T> ToHashSet<T>(this IEnumerable<T> source, IEqualityComparer<T>? comparer = null) =>
        new(source, comparer);

    public static TValue? GetValueOrDefault<TKey, TValue>(this IReadOnlyDictionary<TKey, TValue> dictionary, TKey key) =>
        dictionary.TryGetValue(key, out var value) ? value : default;

    public static void Deconstruct<TKey, TValue>(this KeyValuePair<TKey, TValue> pair, out TKey key, out TValue value)
    {
        key = pair.Key;
        value = pair.Value;
    }

    public static ReadOnlyDictionary<TKey, TValue> AsReadOnly<TKey, TValue>(this IDictionary<TKey, TValue> dictionary)
        where TKey : notnull => new(dictionary);

    public static bool Contains(this string text, char value) => text.IndexOf(value) >= 0;

    public static bool Contains(this string text, string value, StringComparison comparison) =>
        text.IndexOf(value, comparison) >= 0;

    public static bool StartsWith(this string text, char value) => text.Length > 0 && text[0] == value;

    public static bool EndsWith(this string text, char value) => text.Length > 0 && text[text.Length - 1] == value;

    public static int IndexOf(this string text, char value, StringComparison comparison) =>
        text.IndexOf(value.ToString(), comparison);

}
#endif
