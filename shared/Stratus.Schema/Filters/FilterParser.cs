namespace Stratus.Schema.Filters;

/// <summary>
/// Turns a filter input object (as GraphQL hands it over: nested dictionaries and lists) into a
/// <see cref="FilterNode"/>. Several keys in one object combine with AND, as in AppSync. A filter holds at most
/// <see cref="MaxTerms"/> terms (conditions and and/or/not groups), as DynamoDB bounds the operators of one filter
/// expression; that also keeps the SQL a filter becomes inside every provider's expression-depth limit.
/// </summary>
public static class FilterParser
{
    /// <summary>The most terms one filter may hold.</summary>
    public const int MaxTerms = 300;

    private static readonly Dictionary<string, FilterOperator> Operators = new(StringComparer.Ordinal)
    {
        ["eq"] = FilterOperator.Eq, ["ne"] = FilterOperator.Ne, ["le"] = FilterOperator.Le, ["lt"] = FilterOperator.Lt,
        ["ge"] = FilterOperator.Ge, ["gt"] = FilterOperator.Gt, ["contains"] = FilterOperator.Contains,
        ["notContains"] = FilterOperator.NotContains, ["between"] = FilterOperator.Between,
        ["beginsWith"] = FilterOperator.BeginsWith, ["attributeExists"] = FilterOperator.AttributeExists,
        ["in"] = FilterOperator.In, ["notIn"] = FilterOperator.NotIn,
    };

    /// <summary>Null for a null or empty filter.</summary>
    /// <exception cref="FilterException">The filter is malformed or holds more than <see cref="MaxTerms"/> terms.</exception>
    public static FilterNode? Parse(IReadOnlyDictionary<string, object?>? input)
    {
        var filter = ParseObject(input);
        var terms = filter is null ? 0 : Terms(filter);
        return terms <= MaxTerms ? filter
            : throw new FilterException($"The filter has {terms} terms; a filter holds at most {MaxTerms}. Split the request or match a list with 'in'.");
    }

    private static int Terms(FilterNode node) => node switch
    {
        AndFilter and => 1 + and.Children.Sum(Terms),
        OrFilter or => 1 + or.Children.Sum(Terms),
        NotFilter not => 1 + Terms(not.Child),
        RelatedFilter related => 1 + Terms(related.Filter),
        _ => 1,
    };

    private static FilterNode? ParseObject(IReadOnlyDictionary<string, object?>? input)
    {
        if (input is null || input.Count == 0)
        {
            return null;
        }

        var parts = new List<FilterNode>();
        foreach (var (key, value) in input)
        {
            switch (key)
            {
                case "and":
                    parts.Add(new AndFilter(Children(key, value)));
                    break;
                case "or":
                    parts.Add(new OrFilter(Children(key, value)));
                    break;
                case "not":
                    parts.Add(new NotFilter(ParseObject(AsMap(key, value)) ?? new AndFilter([])));
                    break;
                default:
                    if (value is not null)
                    {
                        parts.AddRange(FieldConditions(key, AsMap(key, value)));
                    }

                    break;
            }
        }

        return parts.Count == 1 ? parts[0] : new AndFilter(parts);
    }

    private static IEnumerable<FilterNode> FieldConditions(string field, IReadOnlyDictionary<string, object?> conditions)
    {
        foreach (var (name, value) in conditions)
        {
            if (name is "attributeType" or "size")
            {
                throw new FilterException($"The '{name}' filter operator on '{field}' is not supported; use attributeExists or a value comparison.");
            }

            if (!Operators.TryGetValue(name, out var op))
            {
                throw new FilterException($"Unknown filter operator '{name}' on '{field}'.");
            }

            IReadOnlyList<object?> values = op switch
            {
                FilterOperator.Between => Between(field, value),
                FilterOperator.In or FilterOperator.NotIn => value is not string && value is IEnumerable<object?> list ? list.ToList() : [value],
                _ => [value],
            };
            yield return new FieldFilter(field, op, values);
        }
    }

    private static object?[] Between(string field, object? value)
    {
        var list = (value as IEnumerable<object?>)?.ToArray();
        if (list is not { Length: 2 } || list[0] is null || list[1] is null)
        {
            throw new FilterException($"'between' on '{field}' needs exactly two non-null values: [low, high].");
        }

        return list;
    }

    private static List<FilterNode> Children(string key, object? value)
    {
        if (value is null)
        {
            return [];
        }

        if (value is not IEnumerable<object?> list || value is IReadOnlyDictionary<string, object?>)
        {
            // AppSync accepts a single object where a list is expected (GraphQL input coercion).
            return ParseObject(AsMap(key, value)) is { } single ? [single] : [];
        }

        return list.Select(item => ParseObject(AsMap(key, item))).OfType<FilterNode>().ToList();
    }

    private static IReadOnlyDictionary<string, object?> AsMap(string key, object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map,
        IDictionary<string, object?> map => map.AsReadOnly(),
        _ => throw new FilterException($"Filter key '{key}' needs an input object."),
    };
}
