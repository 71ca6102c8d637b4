using System.Text.Json.Nodes;

namespace Stratus.DataStore.Api;

/// <summary>A GraphQL response and the auth mode that got it.</summary>
public sealed record GraphqlResult(JsonObject? Data, JsonArray? Errors, AuthMode AuthMode)
{
    /// <summary>
    /// Set when <see cref="Data"/> and <see cref="Errors"/> read from pooled memory (a sync page): they are valid
    /// until this is disposed, which gives the memory back.
    /// </summary>
    internal IDisposable? Owner { get; init; }

    /// <summary>The whole response in that pooled memory (a sync page's items are read from it directly); undefined otherwise.</summary>
    internal System.Text.Json.JsonElement PooledRoot { get; init; }

    /// <summary>The first error's <c>errorType</c> (AppSync's <c>Unauthorized</c>, <c>ConflictUnhandled</c>...), if any.</summary>
    public string? ErrorType => Errors is [JsonObject first, ..] ? first["errorType"]?.GetValue<string>() : null;

    /// <summary>
    /// True when the whole operation was refused for its credentials: no root field has data and an error is
    /// <c>Unauthorized</c>. A partial answer (data with a field-level <c>Unauthorized</c>) is not a refusal: the
    /// operation ran, so sending it again with another mode could write twice.
    /// </summary>
    public bool IsUnauthorized =>
        (Data is null || Data.All(p => p.Value is null))
        && Errors is not null && Errors.Any(e => e is JsonObject error && error["errorType"] is JsonValue type && type.TryGetValue<string>(out var name) && name == "Unauthorized");
}
