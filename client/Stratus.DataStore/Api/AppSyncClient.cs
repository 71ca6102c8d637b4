using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stratus.Schema.Model;

namespace Stratus.DataStore.Api;

/// <summary>
/// Sends GraphQL requests the way AppSync expects them (POST JSON; <c>x-api-key</c> or <c>Authorization</c>) and
/// picks the auth mode per model and operation: the default mode, or with <see cref="AuthModeStrategyType.MultiAuth"/>
/// each mode the <c>@auth</c> rules allow, best first, moving on after <c>Unauthorized</c> (HTTP 401 or an
/// <c>Unauthorized</c> error) as Amplify's DataStore does. Works unchanged against a Stratus server or AWS AppSync.
/// </summary>
public sealed class AppSyncClient(HttpClient http, AppSyncSettings settings, AuthModeStrategyType strategy = AuthModeStrategyType.Default, IAuthTokenProvider? tokens = null, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>The auth modes a request for <paramref name="operation"/> on <paramref name="model"/> would try, in order.</summary>
    public async Task<IReadOnlyList<AuthMode>> AuthModesAsync(ModelDefinition model, string operation, CancellationToken cancellationToken = default)
    {
        if (strategy == AuthModeStrategyType.Default)
        {
            return [settings.DefaultAuthMode];
        }

        var signedIn = await TokenAsync(AuthMode.AmazonCognitoUserPools, cancellationToken).ConfigureAwait(false) is not null
            || await TokenAsync(AuthMode.OpenIdConnect, cancellationToken).ConfigureAwait(false) is not null;
        var modes = MultiAuthStrategy.For(model, operation, signedIn);
        // A model without @auth rules takes the API's default mode, as in Amplify.
        return modes.Count == 0 && model.AuthRules.Count == 0 ? [settings.DefaultAuthMode] : modes;
    }

    /// <summary>
    /// The credentials object of AppSync's real-time handshake and of each <c>start</c> for one mode
    /// (appsync-protocol.md §5): <c>host</c> plus <c>x-api-key</c> (and <c>x-amz-date</c>, as amplify-js sends it) or
    /// <c>Authorization</c>. Null when the mode has no credentials here.
    /// </summary>
    public async Task<System.Text.Json.Nodes.JsonObject?> RealtimeAuthorizationAsync(AuthMode mode, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var host = settings.Endpoint.IsDefaultPort ? settings.Endpoint.Host : settings.Endpoint.Authority;
        switch (mode)
        {
            case AuthMode.ApiKey when settings.ApiKey is { } key:
                return new() { ["host"] = host, ["x-amz-date"] = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture), ["x-api-key"] = key };
            case AuthMode.AmazonCognitoUserPools or AuthMode.OpenIdConnect or AuthMode.AwsLambda
                when await TokenAsync(mode, cancellationToken).ConfigureAwait(false) is { } token:
                return new() { ["Authorization"] = token, ["host"] = host };
            default:
                return null;
        }
    }

    /// <summary>The provider's token, or null when it has none or fails (a failed refresh counts as signed out, as in Amplify).</summary>
    internal async Task<string?> TokenAsync(AuthMode mode, CancellationToken cancellationToken)
    {
        if (tokens is null)
        {
            return null;
        }

        try
        {
            return await tokens.GetTokenAsync(mode, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            _logger.LogWarning(EventIds.TokenProviderFailed, error, "The token provider failed for {AuthMode}; treated as signed out", mode);
            return null;
        }
    }

    /// <summary>Runs one operation on a model's API, trying its auth modes in turn.</summary>
    /// <exception cref="UnauthorizedAccessException">No mode is allowed for the caller (e.g. signed out on an owner-only model).</exception>
    public Task<GraphqlResult> SendAsync(ModelDefinition model, string operation, string query, object? variables, CancellationToken cancellationToken = default) =>
        SendAsync(model, operation, query, variables, pooled: false, cancellationToken);

    // pooled: read the answer into pooled memory that the result's Owner gives back when disposed (a sync page).
    internal async Task<GraphqlResult> SendAsync(ModelDefinition model, string operation, string query, object? variables, bool pooled, CancellationToken cancellationToken)
    {
        var modes = await AuthModesAsync(model, operation, cancellationToken).ConfigureAwait(false);
        GraphqlResult? last = null;
        foreach (var mode in modes)
        {
            if (await SendAsync(mode, query, variables, pooled, cancellationToken).ConfigureAwait(false) is not { } result)
            {
                continue;
            }

            last = result;
            if (!result.IsUnauthorized)
            {
                return result;
            }

            _logger.LogDebug(EventIds.AuthModeRejected, "{Operation} on {Model} was not authorized with {AuthMode}; trying the next mode", operation, model.Name, mode);
        }

        return last ?? throw new UnauthorizedAccessException(
            $"No auth mode allows {operation} on {model.Name} for this caller{(tokens is null ? " (no token provider is configured)" : "")}; check the model's @auth rules and the sign-in state.");
    }

    /// <summary>Runs a request with one auth mode. Null when the mode cannot be used (no token for it, or AWS_IAM).</summary>
    public Task<GraphqlResult?> SendAsync(AuthMode mode, string query, object? variables, CancellationToken cancellationToken = default) =>
        SendAsync(mode, query, variables, pooled: false, cancellationToken);

    private async Task<GraphqlResult?> SendAsync(AuthMode mode, string query, object? variables, bool pooled, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Endpoint);
        switch (mode)
        {
            case AuthMode.ApiKey when settings.ApiKey is { } key:
                request.Headers.Add("x-api-key", key);
                break;
            case AuthMode.AmazonCognitoUserPools or AuthMode.OpenIdConnect or AuthMode.AwsLambda
                when await TokenAsync(mode, cancellationToken).ConfigureAwait(false) is { } token:
                request.Headers.TryAddWithoutValidation("Authorization", token);
                break;
            default:
                _logger.LogDebug(EventIds.AuthModeSkipped, "Auth mode {AuthMode} has no credentials here; skipped", mode);
                return null;
        }

        request.Content = Body(query, variables);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType is { } media && media.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            // Parsed from the stream, never read whole into a string. A sync page (1,000 items) is parsed into pooled
            // memory, given back once its records are read: any other way keeps a private copy of the page's bytes,
            // a large-object-heap allocation per page that counts towards a full collection.
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                try
                {
                    if (pooled)
                    {
                        var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                        if (document.RootElement.ValueKind == JsonValueKind.Object && JsonObject.Create(document.RootElement) is { } root)
                        {
                            return new GraphqlResult(root["data"] as JsonObject, root["errors"] as JsonArray, mode) { Owner = document, PooledRoot = document.RootElement };
                        }

                        document.Dispose();
                    }
                    else if (await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false) is JsonObject answer)
                    {
                        return new GraphqlResult(answer["data"] as JsonObject, answer["errors"] as JsonArray, mode);
                    }
                }
                catch (System.Text.Json.JsonException error)
                {
                    throw new HttpRequestException($"{settings.Endpoint} answered HTTP {(int)response.StatusCode} with malformed JSON: {error.Message}", error, response.StatusCode);
                }
            }

            throw new HttpRequestException($"{settings.Endpoint} answered HTTP {(int)response.StatusCode} with JSON that is not a GraphQL response.", null, response.StatusCode);
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var json = Parse(body);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            var message = json?["errors"] is JsonArray { Count: > 0 } errors && errors[0]?["message"] is JsonValue text && text.TryGetValue<string>(out var m) ? m : "HTTP 401";
            return new GraphqlResult(null, [new JsonObject { ["errorType"] = "Unauthorized", ["message"] = message }], mode);
        }

        // AppSync answers GraphQL errors with 200 or 400 and an errors array; anything else is not a GraphQL answer.
        if (json is null || (!response.IsSuccessStatusCode && json["errors"] is not JsonArray))
        {
            throw new HttpRequestException(
                $"{settings.Endpoint} answered HTTP {(int)response.StatusCode} without a GraphQL response: {(body.Length > 200 ? body[..200] + "..." : body)}",
                null,
                response.StatusCode);
        }

        return new GraphqlResult(json["data"] as JsonObject, json["errors"] as JsonArray, mode);
    }

    /// <summary>
    /// The request's JSON, written directly: variables as JSON nodes (what the sync engine sends) are copied as they
    /// are, anything else is serialized by its runtime type with the web defaults (camel-case names), as
    /// <c>JsonContent</c> does. Serializing an anonymous wrapper instead built its serializer metadata by reflection
    /// on a process's first request.
    /// </summary>
    private static ReadOnlyMemoryContent Body(string query, object? variables)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(query.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("query", query);
            writer.WritePropertyName("variables");
            switch (variables)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case JsonNode node:
                    node.WriteTo(writer);
                    break;
                default:
                    JsonSerializer.Serialize(writer, variables, variables.GetType(), JsonSerializerOptions.Web);
                    break;
            }

            writer.WriteEndObject();
        }

        var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static JsonObject? Parse(string body)
    {
        try
        {
            return body.Length > 0 ? JsonNode.Parse(body) as JsonObject : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
