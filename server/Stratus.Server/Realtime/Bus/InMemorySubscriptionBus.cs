namespace Stratus.Server.Realtime.Bus;

/// <summary>The default bus: events reach the subscriptions of this process only.</summary>
public sealed class InMemorySubscriptionBus(ILogger<InMemorySubscriptionBus> logger) : ISubscriptionBus, IAsyncDisposable
{
    private readonly LocalDispatcher _dispatcher = new(logger);

    public bool PublishesInTransaction => false;

    public string? AnnounceInTransaction(ChangeEvent change, Storage.SqlParameters parameters) => null;

    public ValueTask PublishAsync(ChangeEvent change, CancellationToken cancellationToken)
    {
        _dispatcher.Enqueue(change);
        return ValueTask.CompletedTask;
    }

    public IDisposable Subscribe(Action<ChangeEvent> handler) => _dispatcher.Subscribe(handler);

    public ValueTask DisposeAsync() => _dispatcher.DisposeAsync();
}
