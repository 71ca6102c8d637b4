using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stratus.Server.Sync;

/// <summary>Converts between GraphQL argument values (dictionaries, lists, CLR scalars) and stored JSON.</summary>
public static class ItemJson
{
    public static JsonNode? FromArgument(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        IDictionary<string, object?> map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, FromArgument(p.Value)))),
        string s => JsonValue.Create(s),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(FromArgument).ToArray()),
        _ => JsonSerializer.SerializeToNode(value),
    };

    /// <summary>The GraphQL view of JSON: objects as dictionaries, numbers as long or double.</summary>
    public static object? ToGraphQL(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToGraphQL(p.Value)),
        JsonArray a => a.Select(ToGraphQL).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.Deserialize<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Integers stay integers (a long, not a double) so Int fields serialize; the rest are doubles.
            JsonValueKind.Number => long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
                ? (object)l
                : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => node.ToJsonString(),
    };

    public static string IsoNow(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
