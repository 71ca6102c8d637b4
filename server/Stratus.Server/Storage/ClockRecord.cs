namespace Stratus.Server.Storage;

/// <summary>
/// The per-model change clock. Every write bumps it to <c>max(last + 1, now)</c> inside its transaction and keeps
/// the row locked until commit, so change stamps are unique and commit-ordered: a sync that reads the clock
/// (taking the same lock) gets a <c>startedAt</c> that no later commit can stamp below. This is the fix for the
/// "row committed late is skipped by the next delta sync" pitfall (appsync-protocol.md §3).
/// </summary>
public sealed class ClockRecord
{
    public required string Model { get; set; }

    public long LastStamp { get; set; }
}
