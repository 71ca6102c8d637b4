using System.Security.Claims;
using Stratus.Server.Hosting;

namespace Stratus.Server.Auth;

/// <summary>Who made a request, and by which authorization mode: an API key, or the claims of a validated JWT.</summary>
public sealed record CallerIdentity(AuthMode Mode, string? ApiKey, ClaimsIdentity? Claims)
{
    public string? Subject => Claims?.FindFirst("sub")?.Value;

    public string? Username => Claims?.FindFirst("cognito:username")?.Value ?? Claims?.FindFirst("username")?.Value;
}

/// <summary>An authentication outcome: the identity, or AppSync's 401 message.</summary>
public sealed record AuthenticationResult(CallerIdentity? Identity, string? Failure)
{
    public static AuthenticationResult Fail(string message) => new(null, message);

    public static AuthenticationResult Success(CallerIdentity identity) => new(identity, null);
}
