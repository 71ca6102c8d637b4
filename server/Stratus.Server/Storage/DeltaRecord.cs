namespace Stratus.Server.Storage;

/// <summary>The delta table: one row per accepted change, kept DeltaSyncTableTTL for delta syncs.</summary>
public sealed class DeltaRecord
{
    public long Id { get; set; }

    public required string Model { get; set; }

    public required string Pk { get; set; }

    public long Version { get; set; }

    public bool Deleted { get; set; }

    public long LastChangedAt { get; set; }

    public required string Data { get; set; }

    /// <summary>Epoch milliseconds after which the sweeper removes the row.</summary>
    public long ExpiresAt { get; set; }
}
