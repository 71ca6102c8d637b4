using System.Globalization;
using Stratus.DataStore.Models;
using Stratus.Schema.Model;

namespace Stratus.DataStore.Storage;

/// <summary>
/// How a scalar or enum value is kept in its SQLite column, which is also its AppSync wire form: text for strings,
/// enums (the member name) and the AWS date types, integers, doubles and booleans as themselves.
/// <see cref="AwsTime"/> and <see cref="AwsDateTime"/> keep their text exactly as written; dates are
/// <c>yyyy-MM-dd</c>. Comparisons in SQL compare that text, as AppSync does.
/// </summary>
internal static class StoredValues
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The stored form of a single (non-list, non-embedded) value.</summary>
    public static object? ToStored(FieldDefinition? field, object? value) => value switch
    {
        null => null,
        Enum e => e.ToString(),
        DateOnly d => DateText(d),
        AwsTime t => t.ToString(),
        AwsDateTime dt => dt.ToString(),
        int i => (long)i,
        float f => (double)f,
        decimal m => field?.Scalar is ScalarType.Int or ScalarType.AWSTimestamp ? (object)(long)m : (double)m,
        _ => value,
    };

    public static string DateText(DateOnly value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);

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
            // AWSDate may carry an offset on the wire ("2026-01-01Z"); DateOnly has none.
            _ when type == typeof(DateOnly) => DateOnly.ParseExact(WithoutOffset(text!, 10), DateFormat, CultureInfo.InvariantCulture),
            _ when type == typeof(AwsTime) => AwsTime.FromWire(text!),
            _ when type == typeof(AwsDateTime) => AwsDateTime.FromWire(text!),
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
