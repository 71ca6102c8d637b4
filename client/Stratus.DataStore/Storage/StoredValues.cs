using System.Globalization;
using Stratus.Schema.Model;

namespace Stratus.DataStore.Storage;

/// <summary>
/// How a scalar or enum value is kept in its SQLite column, which is also its AppSync wire form: text for strings,
/// enums (the member name) and the AWS date types, integers, doubles and booleans as themselves.
/// Dates and times use fixed-width text (<c>yyyy-MM-dd</c>, <c>HH:mm:ss.fffffff</c>, UTC
/// <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>), so comparing the text in SQL orders them in time.
/// </summary>
internal static class StoredValues
{
    public const string DateFormat = "yyyy-MM-dd";
    public const string TimeFormat = "HH:mm:ss.fffffff";
    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>The stored form of a single (non-list, non-embedded) value.</summary>
    public static object? ToStored(FieldDefinition? field, object? value) => value switch
    {
        null => null,
        Enum e => e.ToString(),
        DateOnly d => DateText(d),
        TimeOnly t => TimeText(t),
        DateTimeOffset dt => DateTimeText(dt),
        DateTime dt => new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt).UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture),
        int i => (long)i,
        float f => (double)f,
        decimal m => field?.Scalar is ScalarType.Int or ScalarType.AWSTimestamp ? (object)(long)m : (double)m,
        _ => value,
    };

    public static string DateText(DateOnly value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string TimeText(TimeOnly value) => value.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static string DateTimeText(DateTimeOffset value) => value.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a stored value back into <paramref name="type"/> (the property's type without nullability).</summary>
    public static object? FromStored(Type type, object? stored)
    {
        if (stored is null)
        {
            return null;
        }

        var text = stored as string;
        return type switch
        {
            _ when type.IsEnum => Enum.Parse(type, text ?? Convert.ToString(stored, CultureInfo.InvariantCulture)!),
            // AWSDate and AWSTime may carry an offset on the wire ("2026-01-01Z", "12:30:00.000+02:00"); the local types have none.
            _ when type == typeof(DateOnly) => DateOnly.ParseExact(WithoutOffset(text!, 10), DateFormat, CultureInfo.InvariantCulture),
            _ when type == typeof(TimeOnly) => TimeOnly.Parse(WithoutOffset(text!, 5), CultureInfo.InvariantCulture),
            _ when type == typeof(DateTimeOffset) => DateTimeOffset.Parse(text!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            _ when type == typeof(string) => text ?? Convert.ToString(stored, CultureInfo.InvariantCulture),
            _ => Convert.ChangeType(stored, type, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The text before a trailing <c>Z</c> or <c>±hh:mm</c> offset (searched from <paramref name="from"/> on).</summary>
    private static string WithoutOffset(string text, int from)
    {
        var cut = text.Length > from ? text.IndexOfAny(['Z', 'z', '+', '-'], from) : -1;
        return cut < 0 ? text : text[..cut];
    }
}
