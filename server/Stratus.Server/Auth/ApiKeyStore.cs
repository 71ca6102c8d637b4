using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stratus.Server.Hosting;
using Stratus.Server.Storage;

namespace Stratus.Server.Auth;

/// <summary>
/// The accepted API keys: the one given with <c>--api-key</c> (always valid), and the keys in the database, each
/// with an optional expiry and revocable (<c>stratus apikey create|list|revoke</c>). Lookups are cached for a few
/// seconds so a request costs no query; a revocation takes effect within that time on every replica.
/// </summary>
public sealed class ApiKeyStore(IDbContextFactory<StratusDbContext> contexts, TimeProvider time, IOptions<StratusOptions> options)
{
    private const int MaxCached = 10_000;
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (ApiKeyRecord? Record, DateTimeOffset CachedAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>Null when the key is accepted now, else why not.</summary>
    public async Task<string?> CheckAsync(string key, CancellationToken cancellationToken)
    {
        if (options.Value.ApiKey is { } configured && FixedTimeEquals(configured, key))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(key, out var cached) || now - cached.CachedAt > CacheFor)
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            cached = (await context.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Key == key, cancellationToken), now);
            if (_cache.Count >= MaxCached)
            {
                // Guessed keys must not grow the cache without bound.
                _cache.Clear();
            }

            _cache[key] = cached;
        }

        var nowMs = now.ToUnixTimeMilliseconds();
        return cached.Record switch
        {
            null => "You are not authorized to make this call.",
            { RevokedAt: not null } => "You are not authorized to make this call.",
            { ExpiresAt: { } expires } when expires <= nowMs => "API key has expired.",
            _ => null,
        };
    }

    public async Task<ApiKeyRecord> CreateAsync(string? description, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var record = new ApiKeyRecord
        {
            Key = "da2-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 26),
            Description = description,
            CreatedAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
            ExpiresAt = expiresAt?.ToUnixTimeMilliseconds(),
        };
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.ApiKeys.Add(record);
        await context.SaveChangesAsync(cancellationToken);
        return record;
    }

    public async Task<List<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>False when no such key exists.</summary>
    public async Task<bool> RevokeAsync(string key, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var changed = await context.ApiKeys.Where(k => k.Key == key && k.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAt, now), cancellationToken);
        _cache.TryRemove(key, out _);
        return changed > 0 || await context.ApiKeys.AnyAsync(k => k.Key == key, cancellationToken);
    }

    /// <summary>The key printed at start when none is configured: the oldest active key without expiry, created if needed.</summary>
    public async Task<string> DefaultKeyAsync(CancellationToken cancellationToken)
    {
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var existing = await context.ApiKeys.AsNoTracking()
                .Where(k => k.RevokedAt == null && k.ExpiresAt == null)
                .OrderBy(k => k.CreatedAt).ThenBy(k => k.Key)
                .FirstOrDefaultAsync(cancellationToken);
            if (existing is not null)
            {
                return existing.Key;
            }
        }

        await CreateAsync("generated at first start", null, cancellationToken);

        // Two replicas starting on an empty database may both create one; both settle on the oldest.
        return await DefaultKeyAsync(cancellationToken);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
