using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Stratus.Server.Realtime.AppSync;

/// <summary>
/// Finds the credentials of a real-time connection, which arrive three ways (appsync-protocol.md §5): the base64
/// <c>header</c> query parameter, a <c>header-&lt;base64url JSON&gt;</c> subprotocol (amplify-js ≥ 6.6), or plain HTTP
/// headers. Both base64 alphabets are accepted, with or without padding; unknown keys are ignored.
/// </summary>
public static class RealtimeAuthorization
{
    /// <summary>The credentials of the handshake: an API key and/or an Authorization token.</summary>
    public static Credentials FromHandshake(HttpRequest request)
    {
        foreach (var protocol in request.HttpContext.WebSockets.WebSocketRequestedProtocols)
        {
            if (protocol.StartsWith("header-", StringComparison.Ordinal) && FromHeaders(Decode(protocol["header-".Length..])) is { IsEmpty: false } fromProtocol)
            {
                return fromProtocol;
            }
        }

        if (request.Query.TryGetValue("header", out var header) && FromHeaders(Decode(header.ToString())) is { IsEmpty: false } fromQuery)
        {
            return fromQuery;
        }

        return new Credentials(request.Headers["x-api-key"].FirstOrDefault(), request.Headers.Authorization.FirstOrDefault());
    }

    /// <summary>The credentials in a header object (<c>x-api-key</c>, <c>Authorization</c>; any letter case).</summary>
    public static Credentials FromHeaders(JsonObject? headers)
    {
        try
        {
            return new Credentials(Value(headers, "x-api-key"), Value(headers, "Authorization"));
        }
        catch (ArgumentException)
        {
            // A header object with duplicate keys is not a credential.
            return new Credentials(null, null);
        }
    }

    private static string? Value(JsonObject? headers, string name) =>
        headers?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is JsonValue value
        && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>An API key and/or an Authorization header value.</summary>
    public sealed record Credentials(string? ApiKey, string? Authorization)
    {
        public bool IsEmpty => string.IsNullOrEmpty(ApiKey) && string.IsNullOrEmpty(Authorization);
    }

    private static JsonObject? Decode(string text)
    {
        try
        {
            // A raw '+' of standard base64 in a query string arrives decoded as a space.
            var normalized = text.Trim().Replace(' ', '+').Replace('+', '-').Replace('/', '_').TrimEnd('=');
            return JsonNode.Parse(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(normalized))) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
