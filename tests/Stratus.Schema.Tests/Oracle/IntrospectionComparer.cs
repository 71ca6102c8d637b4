using System.Text.Json.Nodes;

namespace Stratus.Schema.Tests.Oracle;

/// <summary>
/// Compares two model-introspection documents key by key: object keys in any order, array items in order. Each
/// difference names its JSON path.
/// </summary>
public static class IntrospectionComparer
{
    public static List<string> Differences(string expected, string actual)
    {
        var differences = new List<string>();
        Compare("$", JsonNode.Parse(expected), JsonNode.Parse(actual), differences);
        return differences;
    }

    private static void Compare(string path, JsonNode? want, JsonNode? got, List<string> differences)
    {
        switch (want, got)
        {
            case (JsonObject w, JsonObject g):
                foreach (var (key, value) in w)
                {
                    if (!g.ContainsKey(key))
                    {
                        differences.Add($"{path}.{key}: missing (expected {Text(value)})");
                    }
                    else
                    {
                        Compare($"{path}.{key}", value, g[key], differences);
                    }
                }

                differences.AddRange(g.Where(p => !w.ContainsKey(p.Key)).Select(p => $"{path}.{p.Key}: unexpected {Text(p.Value)}"));
                break;
            case (JsonArray w, JsonArray g):
                for (var i = 0; i < Math.Max(w.Count, g.Count); i++)
                {
                    if (i >= g.Count)
                    {
                        differences.Add($"{path}[{i}]: missing (expected {Text(w[i])})");
                    }
                    else if (i >= w.Count)
                    {
                        differences.Add($"{path}[{i}]: unexpected {Text(g[i])}");
                    }
                    else
                    {
                        Compare($"{path}[{i}]", w[i], g[i], differences);
                    }
                }

                break;
            default:
                if (!JsonNode.DeepEquals(want, got))
                {
                    differences.Add($"{path}: expected {Text(want)}, actual {Text(got)}");
                }

                break;
        }
    }

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";
}
