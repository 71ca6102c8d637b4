using System.Security.Claims;
using Stratus.Server.Hosting;

namespace Stratus.Server.Auth;

/// <summary>Who made a request, and by which authorization mode: an API key, or the claims of a validated JWT.</summary>
public sealed record CallerIdentity(AuthMode Mode, string? ApiKey, ClaimsIdentity? Claims)
{
    public string? Subject => Claims?.FindFirst("sub")?.Value;

    public string? Username => Claims?.FindFirst("cognito:username")?.Value ?? Claims?.FindFirst("username")?.Value;

    /// <summary>Who this is, as the console and the conflict log name callers: <c>apikey:da2-…</c> or <c>user:NAME</c>.</summary>
    public string Name => Mode == Hosting.AuthMode.Api_Key
        ? "apikey:" + (ApiKey is { Length: > 12 } key ? key[..12] + "…" : ApiKey)
        : "user:" + (Username ?? Subject ?? "unknown");
}

/// <summary>An authentication outcome: the identity, or AppSync's 401 message.</summary>
public sealed record AuthenticationResult(CallerIdentity? Identity, string? Failure)
{
    public static AuthenticationResult Fail(string message) => new(null, message);

    public static AuthenticationResult Success(CallerIdentity identity) => new(identity, null);
}
