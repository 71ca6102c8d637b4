using System.Text.Json;
using System.Text.Json.Nodes;
using Stratus.Schema.Model;

namespace Stratus.Server.Storage;

/// <summary>
/// Encodes a model's primary key into the <c>pk</c> column: the plain value for a single key field, a JSON array
/// of the values for a key with sort key fields.
/// </summary>
public static class ItemKey
{
    public static string Encode(ModelDefinition model, JsonObject values)
    {
        if (!model.PrimaryKey.IsComposite)
        {
            return Text(values[model.PrimaryKey.PartitionField]);
        }

        var parts = new JsonArray(model.PrimaryKey.AllFields.Select(f => (JsonNode?)JsonValue.Create(Text(values[f]))).ToArray());
        return parts.ToJsonString();
    }

    public static string Encode(ModelDefinition model, IReadOnlyDictionary<string, object?> values)
    {
        var json = new JsonObject();
        foreach (var field in model.PrimaryKey.AllFields)
        {
            json[field] = JsonSerializer.SerializeToNode(values.GetValueOrDefault(field));
        }

        return Encode(model, json);
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => throw new ArgumentException("A key field is missing."),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
