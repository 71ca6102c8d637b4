using System.Collections.Immutable;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Stratus.DataStore.Models;

namespace Stratus.DataStore.Events;

/// <summary>A committed change, before it is typed for an observer; <see cref="Json"/> is the record in stored form.</summary>
internal sealed record StoredChange(OperationType OpType, StratusModel Element, ModelInfo Model, JsonObject Json);

/// <summary>The committed changes of the local store, in commit order.</summary>
internal sealed class ChangeFeed(ILogger logger) : Broadcast<StoredChange>(logger);

/// <summary>
/// Hands values to observers in publish order, on one delivery task of its own: a publisher only queues them, so a
/// slow observer (or one that saves again) never holds up or deadlocks writes. A value goes to the observers
/// subscribed when it was published. An observer that throws is logged and keeps its subscription.
/// </summary>
internal class Broadcast<T>
{
    private readonly Channel<(IReadOnlyList<T> Values, ImmutableList<Observer> To)> _queue =
        Channel.CreateUnbounded<(IReadOnlyList<T>, ImmutableList<Observer>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly ILogger _logger;
    private readonly Task _delivery;
    private ImmutableList<Observer> _observers = [];

    public Broadcast(ILogger logger)
    {
        _logger = logger;
        _delivery = Task.Run(DeliverAsync);
    }

    /// <param name="onChange">Called for every value.</param>
    /// <param name="onCompleted">Called once when the store is disposed.</param>
    public IDisposable Subscribe(Action<T> onChange, Action onCompleted)
    {
        var observer = new Observer(onChange, onCompleted);
        ImmutableInterlocked.Update(ref _observers, list => list.Add(observer));
        return new Subscription(() =>
        {
            observer.Active = false;
            ImmutableInterlocked.Update(ref _observers, list => list.Remove(observer));
        });
    }

    /// <summary>Whether anyone listens now; a publisher may skip building values nobody would get.</summary>
    public bool HasObservers => !_observers.IsEmpty;

    /// <summary>Queues values; call in the order they happened.</summary>
    public void Publish(IReadOnlyList<T> changes)
    {
        if (changes.Count > 0 && !_observers.IsEmpty)
        {
            _queue.Writer.TryWrite((changes, _observers));
        }
    }

    /// <summary>Delivers what is queued, then ends every subscription (the store is going away).</summary>
    public async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        await _delivery.ConfigureAwait(false);
        foreach (var observer in Interlocked.Exchange(ref _observers, []))
        {
            observer.OnCompleted();
        }
    }

    private async Task DeliverAsync()
    {
        await foreach (var (changes, observers) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var change in changes)
            {
                foreach (var observer in observers.Where(o => o.Active))
                {
                    try
                    {
                        observer.OnChange(change);
                    }
                    catch (Exception error)
                    {
                        _logger.LogError(EventIds.ObserverFailed, error, "An observer of {Kind} values threw", typeof(T).Name);
                    }
                }
            }
        }
    }

    /// <summary>A class, not a record: two subscriptions with the same callbacks are still two.</summary>
    private sealed class Observer(Action<T> onChange, Action onCompleted)
    {
        private volatile bool _active = true;

        public bool Active
        {
            get => _active;
            set => _active = value;
        }

        public void OnChange(T change) => onChange(change);

        public void OnCompleted() => onCompleted();
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
