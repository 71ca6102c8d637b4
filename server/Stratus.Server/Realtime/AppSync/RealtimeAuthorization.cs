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
    /// <summary>The API key from the handshake, or null when none was sent.</summary>
    public static string? ApiKey(HttpRequest request)
    {
        foreach (var protocol in request.HttpContext.WebSockets.WebSocketRequestedProtocols)
        {
            if (protocol.StartsWith("header-", StringComparison.Ordinal) && ApiKey(Decode(protocol["header-".Length..])) is { } fromProtocol)
            {
                return fromProtocol;
            }
        }

        if (request.Query.TryGetValue("header", out var header) && ApiKey(Decode(header.ToString())) is { } fromQuery)
        {
            return fromQuery;
        }

        return request.Headers.TryGetValue("x-api-key", out var plain) ? plain.ToString() : null;
    }

    /// <summary>The API key in a header object (<c>{"x-api-key": ...}</c>, any letter case of the name).</summary>
    public static string? ApiKey(JsonObject? headers)
    {
        try
        {
            return headers?.FirstOrDefault(p => string.Equals(p.Key, "x-api-key", StringComparison.OrdinalIgnoreCase)).Value is JsonValue value
                && value.TryGetValue<string>(out var key) ? key : null;
        }
        catch (ArgumentException)
        {
            // A header object with duplicate keys is not a credential.
            return null;
        }
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
