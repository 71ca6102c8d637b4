namespace Stratus.DataStore.Querying;

/// <summary>
/// The Amplify predicate operators C# has no syntax for, for use in query predicates
/// (<c>p => p.Rating.Between(2, 4) &amp;&amp; p.Title.BeginsWith("a")</c>). They are translated to SQL there;
/// called directly they evaluate with the same semantics (a null value never matches, except for the negated operators).
/// </summary>
public static class FieldOperators
{
    /// <summary>Inclusive on both ends, by code point.</summary>
    public static bool Between(this string? value, string low, string high) =>
        value is not null && string.CompareOrdinal(value, low) >= 0 && string.CompareOrdinal(value, high) <= 0;

    /// <summary>Inclusive on both ends.</summary>
    public static bool Between<T>(this T? value, T low, T high)
        where T : struct, IComparable<T> => value is { } v && v.CompareTo(low) >= 0 && v.CompareTo(high) <= 0;

    public static bool In<T>(this T value, params T[] values) => value is not null && values.Contains(value);

    /// <summary>True for a null value.</summary>
    public static bool NotIn<T>(this T value, params T[] values) => value is null || !values.Contains(value);

    public static bool BeginsWith(this string? value, string prefix) => value is not null && value.StartsWith(prefix, StringComparison.Ordinal);

    /// <summary>True for a null value.</summary>
    public static bool NotContains(this string? value, string part) => value is null || !value.Contains(part, StringComparison.Ordinal);

    /// <summary>True for a null list.</summary>
    public static bool NotContains<T>(this IEnumerable<T>? list, T element) => list is null || !list.Contains(element);

    /// <summary>Ordinal (code point) comparison, as SQL does it.</summary>
    public static bool Gt(this string? value, string other) => value is not null && string.CompareOrdinal(value, other) > 0;

    public static bool Ge(this string? value, string other) => value is not null && string.CompareOrdinal(value, other) >= 0;

    public static bool Lt(this string? value, string other) => value is not null && string.CompareOrdinal(value, other) < 0;

    public static bool Le(this string? value, string other) => value is not null && string.CompareOrdinal(value, other) <= 0;
}
