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
        if (json["aws_appsync_graphqlEndpoint"] is { } endpoint)
        {
            return Create(path, endpoint.GetValue<string>(), json["aws_appsync_authenticationType"]?.GetValue<string>(),
                json["aws_appsync_apiKey"]?.GetValue<string>(), json["aws_appsync_region"]?.GetValue<string>());
        }

        var api = (json["api"]?["plugins"]?["awsAPIPlugin"] as JsonObject)?.Select(p => p.Value).OfType<JsonObject>().FirstOrDefault()
            ?? throw new FormatException($"{path} names no GraphQL API: expected aws_appsync_graphqlEndpoint or api.plugins.awsAPIPlugin.");
        return Create(path, api["endpoint"]?.GetValue<string>(), api["authorizationType"]?.GetValue<string>(),
            api["apiKey"]?.GetValue<string>(), api["region"]?.GetValue<string>());
    }

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
