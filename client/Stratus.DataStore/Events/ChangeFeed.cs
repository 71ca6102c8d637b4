using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Stratus.DataStore.Models;

namespace Stratus.DataStore.Events;

/// <summary>A committed change, before it is typed for an observer; <see cref="Json"/> is the record in stored form.</summary>
internal sealed record StoredChange(OperationType OpType, StratusModel Element, ModelInfo Model, JsonObject Json);

/// <summary>
/// Hands committed changes to observers, synchronously and in commit order (the store publishes while it still
/// holds its write lock). An observer that throws is logged and keeps its subscription; the others still run.
/// </summary>
internal sealed class ChangeFeed(ILogger logger)
{
    private ImmutableList<Observer> _observers = [];

    /// <param name="onChange">Called for every change.</param>
    /// <param name="onCompleted">Called once when the store is disposed.</param>
    public IDisposable Subscribe(Action<StoredChange> onChange, Action onCompleted)
    {
        var observer = new Observer(onChange, onCompleted);
        ImmutableInterlocked.Update(ref _observers, list => list.Add(observer));
        return new Subscription(() => ImmutableInterlocked.Update(ref _observers, list => list.Remove(observer)));
    }

    /// <summary>Ends every subscription (the store is going away).</summary>
    public void Complete()
    {
        foreach (var observer in Interlocked.Exchange(ref _observers, []))
        {
            observer.OnCompleted();
        }
    }

    public void Publish(IEnumerable<StoredChange> changes)
    {
        foreach (var change in changes)
        {
            foreach (var observer in _observers)
            {
                try
                {
                    observer.OnChange(change);
                }
                catch (Exception error)
                {
                    logger.LogError(EventIds.ObserverFailed, error, "An observer of {Model} changes threw", change.Model.Name);
                }
            }
        }
    }

    private sealed record Observer(Action<StoredChange> OnChange, Action OnCompleted);

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
