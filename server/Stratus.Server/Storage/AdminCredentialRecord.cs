namespace Stratus.Server.Storage;

/// <summary>A console admin credential (<c>stratus admin create</c>); only its SHA-256 hash is stored.</summary>
public sealed class AdminCredentialRecord
{
    /// <summary>The credential's public id (its first characters), shown in audit lines.</summary>
    public required string Id { get; set; }

    /// <summary>Hex SHA-256 of the whole credential.</summary>
    public required string Hash { get; set; }

    public string? Description { get; set; }

    /// <summary>Epoch milliseconds.</summary>
    public long CreatedAt { get; set; }

    /// <summary>Epoch milliseconds; null: active.</summary>
    public long? RevokedAt { get; set; }
}
