using System.Text.Json.Nodes;

namespace Stratus.DataStore.Api;

/// <summary>
/// Where the GraphQL API is and how to call it: a Stratus server or AWS AppSync, the same either way. Read it from
/// an Amplify config file with <see cref="Load"/>.
/// </summary>
public sealed record AppSyncSettings(Uri Endpoint, AuthMode DefaultAuthMode, string? ApiKey = null, string? Region = null)
{
    /// <summary>
    /// Reads <c>amplifyconfiguration.json</c> or <c>aws-exports</c> JSON: the flat keys
    /// (<c>aws_appsync_graphqlEndpoint</c>, <c>aws_appsync_authenticationType</c>, <c>aws_appsync_apiKey</c>,
    /// <c>aws_appsync_region</c>) or the first API under <c>api.plugins.awsAPIPlugin</c>.
    /// </summary>
    /// <exception cref="FormatException">The file has no GraphQL endpoint or an unknown authentication type.</exception>
    public static AppSyncSettings Load(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new FormatException($"{path} is not a JSON object.");
        if (json.ContainsKey("aws_appsync_graphqlEndpoint"))
        {
            return Create(path, Text(path, json, "aws_appsync_graphqlEndpoint"), Text(path, json, "aws_appsync_authenticationType"),
                Text(path, json, "aws_appsync_apiKey"), Text(path, json, "aws_appsync_region"));
        }

        // Amplify lists REST APIs here too; the GraphQL one is wanted.
        var apis = (json["api"]?["plugins"]?["awsAPIPlugin"] as JsonObject)?.Select(p => p.Value).OfType<JsonObject>().ToList() ?? [];
        var api = apis.FirstOrDefault(a => a["endpointType"] is JsonValue type && type.TryGetValue<string>(out var t) && t == "GraphQL")
            ?? (apis.Count == 1 && apis[0]["endpointType"] is null ? apis[0] : null)
            ?? throw new FormatException($"{path} names no GraphQL API: expected aws_appsync_graphqlEndpoint or a GraphQL entry under api.plugins.awsAPIPlugin.");
        return Create(path, Text(path, api, "endpoint"), Text(path, api, "authorizationType"), Text(path, api, "apiKey"), Text(path, api, "region"));
    }

    private static string? Text(string path, JsonObject json, string key) => json[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw new FormatException($"{path}: '{key}' must be a string."),
    };

    private static AppSyncSettings Create(string path, string? endpoint, string? authType, string? apiKey, string? region)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new FormatException($"{path}: the GraphQL endpoint '{endpoint}' is not an absolute URL.");
        }

        var mode = AuthModeNames.Parse(authType ?? "API_KEY");
        if (mode == AuthMode.ApiKey && string.IsNullOrEmpty(apiKey))
        {
            throw new FormatException($"{path}: the authentication type is API_KEY but there is no API key.");
        }

        return new AppSyncSettings(uri, mode, apiKey, region);
    }
}
