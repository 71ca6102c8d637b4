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
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => node.ToJsonString(),
    };

    public static string IsoNow(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
