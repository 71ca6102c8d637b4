using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Stratus.Schema.AppSync.Errors;

namespace Stratus.Server.Sync;

/// <summary>
/// Opaque, tamper-evident page tokens: base64url JSON signed with HMAC-SHA256 under a secret kept in the database
/// (so replicas and restarts accept each other's tokens). A token is bound to the field and the arguments that
/// produced it; a token from another query, or an edited one, is refused.
/// </summary>
public sealed class NextTokenCodec(Hosting.ServerKeys keys)
{
    public string Encode(string scope, JsonObject state)
    {
        state["scope"] = scope;
        var payload = Encoding.UTF8.GetBytes(state.ToJsonString());
        var signature = HMACSHA256.HashData(keys.TokenSecret, payload);
        return WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(signature);
    }

    public JsonObject Decode(string scope, string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        try
        {
            if (dot > 0)
            {
                var payload = WebEncoders.Base64UrlDecode(token[..dot]);
                var signature = WebEncoders.Base64UrlDecode(token[(dot + 1)..]);
                if (CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(keys.TokenSecret, payload))
                    && JsonNode.Parse(payload) is JsonObject state
                    && state["scope"]?.GetValue<string>() == scope)
                {
                    return state;
                }
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            // Falls through to the uniform error below.
        }

        throw new AppSyncException("InvalidNextTokenException", "Invalid pagination token given: the nextToken is malformed, was altered, or belongs to another query or filter.");
    }
}
