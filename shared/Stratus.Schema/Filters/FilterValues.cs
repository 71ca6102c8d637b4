using System.Globalization;
using Stratus.Schema.AppSync;
using Stratus.Schema.Model;

namespace Stratus.Schema.Filters;

/// <summary>The value a filter operand is bound as, so SQL compares it with the field's stored type.</summary>
public static class FilterValues
{
    /// <summary>Int family as 64-bit integers, Float as doubles, Boolean as booleans, everything else as text.</summary>
    public static object? Typed(FieldDefinition field, object? value)
    {
        if (value is null || field.Kind != FieldKind.Scalar)
        {
            return value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        return FilterInputNames.ScalarFamily(field.Scalar!.Value) switch
        {
            "Int" => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            "Float" => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            "Boolean" => Convert.ToBoolean(value, CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
    }
}
