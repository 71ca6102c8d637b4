using System.Collections.Concurrent;

namespace Stratus.DataStore.Tests.Infrastructure;

/// <summary>An observer that records what it gets and lets a test wait for the n-th value.</summary>
public sealed class Collector<T> : IObserver<T>
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<T> Items => [.. _items];

    public Exception? Error { get; private set; }

    public bool Completed { get; private set; }

    public void OnNext(T value)
    {
        _items.Enqueue(value);
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => _items.Count >= w.Count).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    public void OnError(Exception error) => Error = error;

    public void OnCompleted() => Completed = true;

    /// <summary>Waits until at least <paramref name="count"/> values arrived and returns them.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(int count)
    {
        Task wait;
        lock (_gate)
        {
            if (_items.Count >= count)
            {
                return Items;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            wait = done.Task;
        }

        await Task.WhenAny(wait, Task.Delay(Await.Default));
        return _items.Count >= count ? Items : throw new TimeoutException($"Expected {count} values within {Await.Default}, got {_items.Count}.");
    }
}
