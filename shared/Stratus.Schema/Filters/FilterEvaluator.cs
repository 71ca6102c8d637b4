using System.Globalization;
using System.Text.Json.Nodes;

namespace Stratus.Schema.Filters;

/// <summary>
/// Evaluates a <see cref="FilterNode"/> against one item in memory (conditions on a locked item, subscription
/// filters, local queries), with the null semantics documented on <see cref="FilterNode"/> and strings compared
/// by code point, the same as the server's SQL.
/// </summary>
public static class FilterEvaluator
{
    public static bool Matches(FilterNode? node, JsonObject item) => node switch
    {
        null => true,
        AndFilter and => and.Children.All(c => Matches(c, item)),
        OrFilter or => or.Children.Any(c => Matches(c, item)),
        NotFilter not => !Matches(not.Child, item),
        FieldFilter field => Field(field, item[field.Field]),
        RelatedFilter across => throw new FilterException($"A filter across the relationship '{across.Relationship}' needs the related records; it runs in the local store's SQL only."),
        _ => throw new FilterException($"Unsupported filter node {node.GetType().Name}."),
    };

    private static bool Field(FieldFilter filter, JsonNode? actual)
    {
        var value = filter.Value;
        switch (filter.Operator)
        {
            case FilterOperator.AttributeExists:
                return (actual is not null) == (value is true);
            case FilterOperator.Eq:
                return value is null ? actual is null : actual is not null && Compare(actual, value) == 0;
            case FilterOperator.Ne:
                return value is null ? actual is not null : actual is null || Compare(actual, value) != 0;
            case FilterOperator.In:
                return actual is not null && filter.Values.Any(v => v is not null && Compare(actual, v) == 0);
            case FilterOperator.NotIn:
                return actual is null || !filter.Values.Any(v => v is not null && Compare(actual, v) == 0);
            case FilterOperator.Contains:
                return actual is not null && value is not null && Contains(actual, value);
            case FilterOperator.NotContains:
                return actual is null || value is null || !Contains(actual, value);
            case FilterOperator.BeginsWith:
                return actual is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String && value is not null
                    && v.ToString().StartsWith(Convert.ToString(value, CultureInfo.InvariantCulture)!, StringComparison.Ordinal);
            case FilterOperator.Between:
                return actual is not null && Compare(actual, filter.Values[0]!) >= 0 && Compare(actual, filter.Values[1]!) <= 0;
            default:
                if (actual is null || value is null)
                {
                    return false;
                }

                var c = Compare(actual, value);
                return filter.Operator switch
                {
                    FilterOperator.Le => c <= 0,
                    FilterOperator.Lt => c < 0,
                    FilterOperator.Ge => c >= 0,
                    _ => c > 0,
                };
        }
    }

    private static bool Contains(JsonNode actual, object value) => actual switch
    {
        JsonArray list => list.Any(e => e is not null && Compare(e, value) == 0),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.ToString().Contains(Convert.ToString(value, CultureInfo.InvariantCulture)!, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>Orders a JSON value against a filter operand: numbers numerically, booleans, else strings by code point.</summary>
    public static int Compare(JsonNode actual, object value)
    {
        if (value is not string && value is System.Collections.IEnumerable)
        {
            // A list operand (enum-list eq/ne) compares as a whole JSON value.
            var expected = System.Text.Json.JsonSerializer.SerializeToNode(value);
            return JsonNode.DeepEquals(actual, expected) ? 0 : string.CompareOrdinal(actual.ToJsonString(), expected?.ToJsonString());
        }

        if (actual is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False:
                    return (v.GetValueKind() == System.Text.Json.JsonValueKind.True).CompareTo(Convert.ToBoolean(value, CultureInfo.InvariantCulture));
                case System.Text.Json.JsonValueKind.String:
                    return string.CompareOrdinal(v.ToString(), Convert.ToString(value, CultureInfo.InvariantCulture));
                case System.Text.Json.JsonValueKind.Number when value is not string and not bool:
                    // Whatever CLR type built the node, compare numbers as numbers.
                    return double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            }
        }

        return string.CompareOrdinal(actual.ToJsonString(), Convert.ToString(value, CultureInfo.InvariantCulture));
    }
}
