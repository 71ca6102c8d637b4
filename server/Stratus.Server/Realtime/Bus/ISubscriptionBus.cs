using Stratus.Server.Storage;

namespace Stratus.Server.Realtime.Bus;

/// <summary>
/// Carries accepted writes to the subscriptions of this process, and (for a shared backplane) of every process on
/// the same database. Each event reaches each local handler exactly once, in the order the writes committed.
/// </summary>
public interface ISubscriptionBus
{
    /// <summary>
    /// True: a write announces its change from inside its transaction (<see cref="AnnounceInTransaction"/>), released
    /// by the commit (PostgreSQL NOTIFY). False: it is published right after the commit (<see cref="PublishAsync"/>),
    /// while the item's next writer is still held back. Either way no event escapes for a write that did not
    /// commit, and an item's events leave in commit order.
    /// </summary>
    bool PublishesInTransaction { get; }

    /// <summary>The SQL that announces <paramref name="change"/> inside its write's transaction; null when the bus does not.</summary>
    string? AnnounceInTransaction(ChangeEvent change, SqlParameters parameters);

    /// <summary>Publishes a committed change.</summary>
    ValueTask PublishAsync(ChangeEvent change, CancellationToken cancellationToken);

    /// <summary>Registers a local handler; dispose the result to stop receiving. Handlers must not block.</summary>
    IDisposable Subscribe(Action<ChangeEvent> handler);
}
