using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Stratus.Testing;

/// <summary>
/// The signing key of the kit's test issuer, made for one server: its public half as the JWKS file the server
/// trusts, its private half as the PEM the server's test signer (the console's) signs the kit's tokens with.
/// </summary>
internal sealed class TestTokens : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;

    public TestTokens() => _key = new RsaSecurityKey(_rsa) { KeyId = "stratus-testing" };

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

    public void Dispose() => _rsa.Dispose();
}
