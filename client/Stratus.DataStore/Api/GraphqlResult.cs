using System.Text.Json.Nodes;

namespace Stratus.DataStore.Api;

/// <summary>A GraphQL response and the auth mode that got it.</summary>
public sealed record GraphqlResult(JsonObject? Data, JsonArray? Errors, AuthMode AuthMode)
{
    /// <summary>The first error's <c>errorType</c> (AppSync's <c>Unauthorized</c>, <c>ConflictUnhandled</c>...), if any.</summary>
    public string? ErrorType => Errors is [JsonObject first, ..] ? first["errorType"]?.GetValue<string>() : null;
}
