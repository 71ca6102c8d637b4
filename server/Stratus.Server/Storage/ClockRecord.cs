namespace Stratus.Server.Storage;

/// <summary>
/// The per-model change clock: the floor of the next change stamps. A sync raises it to <c>startedAt</c> once no
/// write of the model is in flight (on PostgreSQL under the model's write lock, taken exclusively for the moment),
/// and every write is stamped above it, so no change committed after a sync is stamped at or below its
/// <c>startedAt</c> (the "row committed late is skipped by the next delta sync" pitfall, appsync-protocol.md §3).
/// SQLite writes also move it, one at a time; PostgreSQL writers only read it, concurrently.
/// </summary>
public sealed class ClockRecord
{
    public required string Model { get; set; }

    public long LastStamp { get; set; }
}
