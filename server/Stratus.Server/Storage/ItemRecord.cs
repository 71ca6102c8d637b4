namespace Stratus.Server.Storage;

/// <summary>
/// The base table: the latest state of every item of every model, tombstones included until their TTL.
/// User fields live in <see cref="Data"/> (JSON; jsonb on PostgreSQL); sync metadata in columns.
/// </summary>
public sealed class ItemRecord
{
    public required string Model { get; set; }

    /// <summary>The encoded primary key (see <see cref="ItemKey"/>).</summary>
    public required string Pk { get; set; }

    public required string Data { get; set; }

    public long Version { get; set; }

    public bool Deleted { get; set; }

    /// <summary>Epoch milliseconds; above every earlier sync's <c>startedAt</c> and the item's previous stamp (see <see cref="ClockRecord"/>).</summary>
    public long LastChangedAt { get; set; }

    /// <summary>Epoch seconds at which a tombstone expires; null for live items.</summary>
    public long? Ttl { get; set; }
}
