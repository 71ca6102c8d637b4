using System.Data.Common;

namespace Stratus.Server.Realtime.Bus;

/// <summary>
/// Carries accepted writes to the subscriptions of this process, and (for a shared backplane) of every process on
/// the same database. Each event reaches each local handler exactly once, in the order the writes committed.
/// </summary>
public interface ISubscriptionBus
{
    /// <summary>
    /// True: <see cref="PublishAsync"/> runs inside the write's transaction and the event is released by the commit
    /// (PostgreSQL NOTIFY). False: it runs right after the commit, while the model's next writer is still held back.
    /// Either way no event escapes for a write that did not commit, and events leave in commit order.
    /// </summary>
    bool PublishesInTransaction { get; }

    ValueTask PublishAsync(ChangeEvent change, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Registers a local handler; dispose the result to stop receiving. Handlers must not block.</summary>
    IDisposable Subscribe(Action<ChangeEvent> handler);
}
