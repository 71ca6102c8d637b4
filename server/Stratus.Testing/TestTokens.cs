using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Stratus.Testing;

/// <summary>Signs the kit's test JWTs with a key made for one server and writes its JWKS file; nothing leaves the process.</summary>
internal sealed class TestTokens : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;
    private readonly string _issuer;
    private readonly TimeProvider _time;

    public TestTokens(string issuer, TimeProvider time)
    {
        _issuer = issuer;
        _time = time;
        _key = new RsaSecurityKey(_rsa) { KeyId = "stratus-testing" };
    }

    public async Task<string> WriteJwksAsync(string path, CancellationToken cancellationToken)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(_key);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } },
        }), cancellationToken);
        return path;
    }

    /// <summary>Writes the private key as PEM, so the server's console can sign tokens for test users too.</summary>
    public async Task<string> WritePrivateKeyAsync(string path, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, _rsa.ExportRSAPrivateKeyPem(), cancellationToken);
        return path;
    }

    /// <summary>An id token for <paramref name="user"/> (<c>sub</c> and <c>cognito:username</c>) in <paramref name="groups"/>, valid for an hour.</summary>
    public string Create(string user, IReadOnlyCollection<string> groups)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim> { new("sub", user), new("cognito:username", user), new("token_use", "id") };
        claims.AddRange(groups.Select(g => new Claim("cognito:groups", g)));
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuer,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose() => _rsa.Dispose();
}
