using System.Collections.Immutable;
using System.Threading.Channels;

namespace Stratus.Server.Realtime.Bus;

/// <summary>
/// Delivers events to this process's handlers in publish order, on a background loop, so a mutation never waits
/// for its subscribers. Shared by the in-memory bus and the PostgreSQL backplane's listener.
/// </summary>
public sealed class LocalDispatcher : IAsyncDisposable
{
    private readonly Channel<ChangeEvent> _events = Channel.CreateUnbounded<ChangeEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private readonly Task _loop;
    private ImmutableList<Action<ChangeEvent>> _handlers = [];

    public LocalDispatcher(ILogger logger)
    {
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public void Enqueue(ChangeEvent change) => _events.Writer.TryWrite(change);

    public IDisposable Subscribe(Action<ChangeEvent> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, list => list.Add(handler));
        return new Subscription(this, handler);
    }

    private async Task RunAsync()
    {
        await foreach (var change in _events.Reader.ReadAllAsync())
        {
            foreach (var handler in _handlers)
            {
                try
                {
                    handler(change);
                }
                catch (Exception e)
                {
                    _logger.SubscriberFailed(e, change.Model, change.Operation.ToString());
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _loop;
    }

    private sealed class Subscription(LocalDispatcher dispatcher, Action<ChangeEvent> handler) : IDisposable
    {
        public void Dispose() => ImmutableInterlocked.Update(ref dispatcher._handlers, list => list.Remove(handler));
    }
}
