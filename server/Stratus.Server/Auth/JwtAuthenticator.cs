using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Stratus.Server.Hosting;

namespace Stratus.Server.Auth;

/// <summary>
/// Validates OPENID_CONNECT and AMAZON_COGNITO_USER_POOLS tokens as AppSync does (appsync-protocol.md §6): the
/// signature against the issuer's keys (a configured JWKS file, else the issuer's discovery document), <c>iss</c>,
/// expiry on the server's clock, and the client id as <c>aud</c> (ID tokens) or <c>client_id</c> (access tokens).
/// </summary>
public sealed class JwtAuthenticator
{
    private readonly StratusOptions _options;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly IConfigurationManager<OpenIdConnectConfiguration>? _discovery;
    private readonly IList<SecurityKey>? _fileKeys;

    public JwtAuthenticator(IOptions<StratusOptions> options, IHttpClientFactory clients, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        Issuer = _options.OidcIssuer
            ?? (_options.CognitoUserPoolId is { } pool && _options.CognitoRegion is { } region ? $"https://cognito-idp.{region}.amazonaws.com/{pool}" : null);
        if (_options.OidcJwks is { } file)
        {
            _fileKeys = new JsonWebKeySet(File.ReadAllText(file)).GetSigningKeys();
        }
        else if (Issuer is not null)
        {
            var retriever = new HttpDocumentRetriever(clients.CreateClient(nameof(JwtAuthenticator))) { RequireHttps = Issuer.StartsWith("https://", StringComparison.Ordinal) };
            _discovery = new ConfigurationManager<OpenIdConnectConfiguration>(Issuer.TrimEnd('/') + "/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever(), retriever);
        }
    }

    /// <summary>The configured issuer, or null when JWT modes are not configured.</summary>
    public string? Issuer { get; }

    public async Task<AuthenticationResult> ValidateAsync(string token, AuthMode mode, CancellationToken cancellationToken)
    {
        if (Issuer is null)
        {
            return AuthenticationResult.Fail("You are not authorized to make this call.");
        }

        IEnumerable<SecurityKey> keys;
        try
        {
            keys = _fileKeys ?? [.. (await _discovery!.GetConfigurationAsync(cancellationToken)).SigningKeys];
        }
        catch (InvalidOperationException)
        {
            return AuthenticationResult.Fail("The token issuer's signing keys could not be loaded.");
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidateAudience = false,
            IssuerSigningKeys = keys,
            RequireExpirationTime = true,
            LifetimeValidator = ValidateLifetime,
        });
        if (!result.IsValid)
        {
            return AuthenticationResult.Fail(result.Exception switch
            {
                SecurityTokenExpiredException => "Token has expired.",
                SecurityTokenNoExpirationException => "Token has no expiry (exp claim).",
                SecurityTokenNotYetValidException => "Token is not valid yet (nbf claim).",
                _ => "You are not authorized to make this call.",
            });
        }

        if (_options.OidcClientId is { } clientId)
        {
            var audiences = result.ClaimsIdentity.FindAll("aud").Select(c => c.Value);
            var clientIds = result.ClaimsIdentity.FindAll("client_id").Select(c => c.Value);
            if (!audiences.Concat(clientIds).Contains(clientId, StringComparer.Ordinal))
            {
                return AuthenticationResult.Fail("You are not authorized to make this call.");
            }
        }

        return AuthenticationResult.Success(new CallerIdentity(mode, null, result.ClaimsIdentity));
    }

    /// <summary>
    /// Expiry on the server's <see cref="TimeProvider"/>, with one minute of clock skew. A token must carry
    /// <c>exp</c> (one without it would never expire), and one whose <c>nbf</c> is still ahead is refused.
    /// </summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var skew = TimeSpan.FromMinutes(1);
        if (expires is not { } exp)
        {
            throw new SecurityTokenNoExpirationException("Token has no expiry (exp claim).");
        }

        if (exp.ToUniversalTime() + skew < now)
        {
            throw new SecurityTokenExpiredException("Token has expired.") { Expires = exp };
        }

        if (notBefore is { } nbf && nbf.ToUniversalTime() - skew > now)
        {
            throw new SecurityTokenNotYetValidException("Token is not valid yet (nbf claim).") { NotBefore = nbf };
        }

        return true;
    }
}
