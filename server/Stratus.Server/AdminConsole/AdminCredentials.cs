using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Stratus.Server.Storage;

namespace Stratus.Server.AdminConsole;

/// <summary>
/// Console admin credentials (<c>stratus admin create</c>): <c>sta-ID.SECRET</c>, shown once when created and stored
/// only as a SHA-256 hash, so the database never holds a usable credential.
/// </summary>
public sealed class AdminCredentials(IDbContextFactory<StratusDbContext> contexts, TimeProvider time)
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Creates a credential and returns its text; it cannot be read back later.</summary>
    public async Task<(AdminCredentialRecord Record, string Credential)> CreateAsync(string? description, CancellationToken cancellationToken)
    {
        var id = RandomNumberGenerator.GetString(Alphabet, 8);
        var credential = $"sta-{id}.{RandomNumberGenerator.GetString(Alphabet, 32)}";
        var record = new AdminCredentialRecord { Id = id, Hash = Hash(credential), Description = description, CreatedAt = time.GetUtcNow().ToUnixTimeMilliseconds() };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AdminCredentials.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return (record, credential);
    }

    public async Task<IReadOnlyList<AdminCredentialRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AdminCredentials.AsNoTracking().OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return await db.AdminCredentials.Where(c => c.Id == id && c.RevokedAt == null).ExecuteUpdateAsync(c => c.SetProperty(x => x.RevokedAt, now), cancellationToken) > 0;
    }

    /// <summary>The active credential <paramref name="credential"/> is, or null.</summary>
    public async Task<AdminCredentialRecord?> VerifyAsync(string credential, CancellationToken cancellationToken)
    {
        if (!credential.StartsWith("sta-", StringComparison.Ordinal))
        {
            return null;
        }

        var hash = Hash(credential);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AdminCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.Hash == hash && c.RevokedAt == null, cancellationToken);
    }

    private static string Hash(string credential) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credential)));
}
