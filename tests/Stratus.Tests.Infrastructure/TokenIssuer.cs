using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Stratus.Server.Tests.Infrastructure;

/// <summary>Signs JWTs with a local RSA key and writes its JWKS file; no outside service is involved.</summary>
public sealed class TokenIssuer : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;

    public TokenIssuer(string issuer, string keyId = "test-key")
    {
        Issuer = issuer;
        _key = new RsaSecurityKey(_rsa) { KeyId = keyId };
    }

    public string Issuer { get; }

    /// <summary>Writes the public key as a JWKS document and returns the file's path.</summary>
    public string WriteJwks(string directory)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(_key);
        var path = Path.Combine(directory, $"jwks-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } },
        }));
        return path;
    }

    /// <summary>A signed token valid from <paramref name="now"/> for <paramref name="lifetime"/>.</summary>
    public string Create(DateTimeOffset now, TimeSpan lifetime, string? audience = null, string? issuer = null, params Claim[] claims) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims.Length == 0 ? [new Claim("sub", "user-1"), new Claim("cognito:username", "alice")] : claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = now.UtcDateTime + lifetime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });

    /// <summary>A signed token with the given <c>exp</c> (none when null) and <c>nbf</c>, for tokens a server must refuse.</summary>
    public string CreateWithTimes(DateTimeOffset now, DateTimeOffset? expires, DateTimeOffset notBefore, string? audience = null) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "user-1"), new Claim("cognito:username", "alice")]),
            IssuedAt = now.UtcDateTime,
            NotBefore = notBefore.UtcDateTime,
            Expires = expires?.UtcDateTime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });

    public void Dispose() => _rsa.Dispose();
}
