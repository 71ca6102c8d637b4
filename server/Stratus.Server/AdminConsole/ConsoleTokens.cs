using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Stratus.Server.Auth;
using Stratus.Server.Hosting;

namespace Stratus.Server.AdminConsole;

/// <summary>
/// Tokens for test users, signed with <see cref="StratusOptions.ConsoleTestSigningKey"/> (the private key of the
/// configured issuer, for test setups), so the console's editor can run a request as a user. Without that key the
/// console signs nothing.
/// </summary>
public sealed class ConsoleTokens(IOptions<StratusOptions> options, JwtAuthenticator jwt, TimeProvider time) : IDisposable
{
    private readonly Lazy<RsaSecurityKey?> _key = new(() =>
    {
        if (options.Value.ConsoleTestSigningKey is not { } file)
        {
            return null;
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(file));
        return new RsaSecurityKey(rsa);
    });

    public bool Enabled => options.Value.ConsoleTestSigningKey is not null && jwt.Issuer is not null;

    /// <summary>A token for <paramref name="user"/> in <paramref name="groups"/>, valid for an hour; null when no test issuer is configured.</summary>
    public string? Create(string user, IReadOnlyCollection<string> groups)
    {
        if (!Enabled || _key.Value is not { } key)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim> { new("sub", user), new("cognito:username", user), new("token_use", "id") };
        claims.AddRange(groups.Select(g => new Claim("cognito:groups", g)));
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose()
    {
        if (_key.IsValueCreated)
        {
            _key.Value?.Rsa?.Dispose();
        }
    }
}
