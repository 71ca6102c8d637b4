using Microsoft.Extensions.Options;
using Stratus.Schema.AppSync.Errors;
using Stratus.Server.Hosting;

namespace Stratus.Server.Auth;

/// <summary>
/// Authenticates a request by the API's modes (the default plus the additional ones, as AppSync's providers): a
/// JWT in <c>Authorization</c> (raw or <c>Bearer</c>) for OPENID_CONNECT / AMAZON_COGNITO_USER_POOLS, else
/// <c>x-api-key</c> for API_KEY. Failures carry AppSync's 401 messages.
/// </summary>
public sealed class RequestAuthenticator(ApiKeyStore keys, JwtAuthenticator jwt, IOptions<StratusOptions> options)
{
    public IReadOnlyCollection<AuthMode> Modes { get; } = options.Value.AdditionalAuthModes.Prepend(options.Value.AuthMode).Distinct().ToList();

    public async Task<AuthenticationResult> AuthenticateAsync(string? apiKey, string? authorization, CancellationToken cancellationToken)
    {
        var jwtMode = Modes.FirstOrDefault(m => m != AuthMode.Api_Key, AuthMode.Api_Key);
        if (!string.IsNullOrWhiteSpace(authorization) && jwtMode != AuthMode.Api_Key)
        {
            var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : authorization.Trim();
            return await jwt.ValidateAsync(token, jwtMode, cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            if (!Modes.Contains(AuthMode.Api_Key))
            {
                return AuthenticationResult.Fail(UnauthorizedException.InvalidMessage);
            }

            var failure = await keys.CheckAsync(apiKey, cancellationToken);
            return failure is null ? AuthenticationResult.Success(new CallerIdentity(AuthMode.Api_Key, apiKey, null)) : AuthenticationResult.Fail(failure);
        }

        return AuthenticationResult.Fail(UnauthorizedException.MissingMessage);
    }
}
