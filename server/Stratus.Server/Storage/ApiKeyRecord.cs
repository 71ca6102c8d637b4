namespace Stratus.Server.Storage;

/// <summary>An API key the server accepts until it expires or is revoked (<c>stratus apikey create|list|revoke</c>).</summary>
public sealed class ApiKeyRecord
{
    public required string Key { get; set; }

    public string? Description { get; set; }

    /// <summary>Epoch milliseconds.</summary>
    public long CreatedAt { get; set; }

    /// <summary>Epoch milliseconds after which the key is refused; null: never.</summary>
    public long? ExpiresAt { get; set; }

    /// <summary>Epoch milliseconds at which the key was revoked; null: active.</summary>
    public long? RevokedAt { get; set; }

    /// <summary><c>revoked</c>, <c>expired</c> or <c>active</c> at <paramref name="now"/> (epoch milliseconds).</summary>
    public string State(long now) => RevokedAt is not null ? "revoked" : ExpiresAt <= now ? "expired" : "active";
}
