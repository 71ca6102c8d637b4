using System.Collections;
using System.Text.Json.Nodes;

namespace Stratus.Schema.Filters;

/// <summary>
/// Writes a <see cref="FilterNode"/> as an AppSync filter or condition input (the inverse of
/// <see cref="FilterParser"/>): <c>{"and":[…]}</c>, <c>{"not":{…}}</c>, <c>{"field":{"op":value}}</c>.
/// </summary>
public static class FilterJson
{
    public static JsonObject ToJson(FilterNode node) => node switch
    {
        AndFilter and => new JsonObject { ["and"] = new JsonArray([.. and.Children.Select(c => (JsonNode)ToJson(c))]) },
        OrFilter or => new JsonObject { ["or"] = new JsonArray([.. or.Children.Select(c => (JsonNode)ToJson(c))]) },
        NotFilter not => new JsonObject { ["not"] = ToJson(not.Child) },
        FieldFilter field => new JsonObject { [field.Field] = new JsonObject { [OperatorName(field.Operator)] = Operand(field) } },
        RelatedFilter across => throw new FilterException($"A filter across the relationship '{across.Relationship}' has no AppSync form; conditions and sync expressions take the model's own fields only."),
        _ => throw new FilterException($"Unsupported filter node {node.GetType().Name}."),
    };

    public static string OperatorName(FilterOperator op)
    {
        var name = op.ToString();
        return char.ToLowerInvariant(name[0]) + name.Substring(1);
    }

    private static JsonNode? Operand(FieldFilter field) =>
        field.Operator is FilterOperator.Between or FilterOperator.In or FilterOperator.NotIn
            ? new JsonArray([.. field.Values.Select(Value)])
            : Value(field.Value);

    private static JsonNode? Value(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        string s => JsonValue.Create(s),
        IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(Value)]),
        _ => System.Text.Json.JsonSerializer.SerializeToNode(value),
    };
}
