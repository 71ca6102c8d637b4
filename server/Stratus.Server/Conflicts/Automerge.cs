using System.Text.Json.Nodes;

namespace Stratus.Server.Conflicts;

/// <summary>
/// AppSync Automerge (conflict-detection-and-resolution, "Automerge" tenets; appsync-protocol.md §4): for a stale
/// write, a scalar the server holds keeps the server's value; a field new or null on the server takes the incoming
/// value; lists are concatenated (incoming appended, duplicates kept); maps merge property by property by the same
/// rules; fields absent from the mutation are kept.
/// </summary>
public static class Automerge
{
    /// <param name="isJsonText">Whether a top-level field is AWSJSON: its text is merged as the object it holds.</param>
    public static JsonObject Merge(JsonObject server, JsonObject incoming, Func<string, bool>? isJsonText = null)
    {
        var merged = (JsonObject)server.DeepClone();
        foreach (var (name, value) in incoming)
        {
            merged[name] = isJsonText?.Invoke(name) == true && AsObject(server[name]) is { } s && AsObject(value) is { } i
                ? JsonValue.Create(Merge(s, i).ToJsonString())
                : MergeValue(server[name], value);
        }

        return merged;
    }

    private static JsonObject? AsObject(JsonNode? node)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static JsonNode? MergeValue(JsonNode? server, JsonNode? incoming) => (server, incoming) switch
    {
        (null, _) => incoming?.DeepClone(),
        (_, null) => server.DeepClone(),
        (JsonArray s, JsonArray i) => new JsonArray(s.Concat(i).Select(e => e?.DeepClone()).ToArray()),
        (JsonObject s, JsonObject i) => Merge(s, i),
        _ => server.DeepClone(),
    };
}
