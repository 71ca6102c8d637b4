namespace Stratus.Server.Realtime.Bus;

/// <summary>
/// Carries accepted writes to the subscriptions of this process, and (for a shared backplane) of every process on
/// the same database. Each event reaches each local handler exactly once.
/// </summary>
public interface ISubscriptionBus
{
    /// <summary>Publishes an accepted write; call only after its transaction committed.</summary>
    ValueTask PublishAsync(ChangeEvent change, CancellationToken cancellationToken);

    /// <summary>Registers a local handler; dispose the result to stop receiving. Handlers must not block.</summary>
    IDisposable Subscribe(Action<ChangeEvent> handler);
}
