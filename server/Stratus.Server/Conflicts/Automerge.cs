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
    public static JsonObject Merge(JsonObject server, JsonObject incoming)
    {
        var merged = (JsonObject)server.DeepClone();
        foreach (var (name, value) in incoming)
        {
            merged[name] = MergeValue(server[name], value);
        }

        return merged;
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
