using Microsoft.Extensions.Options;
using Stratus.Server.Auth;
using Stratus.Server.Hosting;

namespace Stratus.Server.AdminConsole;

/// <summary>
/// Who may use the console: the bearer of an admin credential (<c>Authorization: Bearer sta-…</c>), or, with
/// <see cref="StratusOptions.ConsoleAdminGroup"/>, a user whose valid token puts them in that group. API keys never
/// open the console.
/// </summary>
public sealed class ConsoleAuthenticator(AdminCredentials credentials, JwtAuthenticator jwt, IOptions<StratusOptions> options)
{
    /// <summary>The admin's name for audit lines (<c>admin:ID</c> or <c>user:NAME</c>), or null when refused.</summary>
    public async Task<string?> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header.Trim();
        if (token.Length == 0)
        {
            return null;
        }

        if (token.StartsWith("sta-", StringComparison.Ordinal))
        {
            return await credentials.VerifyAsync(token, cancellationToken) is { } record ? "admin:" + record.Id : null;
        }

        var stratus = options.Value;
        var mode = stratus.AdditionalAuthModes.Prepend(stratus.AuthMode).FirstOrDefault(m => m != AuthMode.Api_Key);
        if (stratus.ConsoleAdminGroup is not { } group || mode == AuthMode.Api_Key)
        {
            return null;
        }

        var result = await jwt.ValidateAsync(token, mode, cancellationToken);
        var claims = result.Identity?.Claims;
        var member = claims?.FindAll("cognito:groups").Concat(claims.FindAll("groups")).Any(c => c.Value == group) == true;
        return member ? result.Identity!.Name : null;
    }
}
