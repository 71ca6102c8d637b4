using Stratus.DataStore.Events;

namespace Stratus.DataStore.Tests.Infrastructure;

/// <summary>Records a store's events from the moment it is made, and waits (with a deadline) for one that matches.</summary>
public sealed class EventWaiter : IDisposable
{
    private readonly Collector<DataStoreEvent> _events = new();
    private readonly IDisposable _subscription;

    public EventWaiter(StratusDataStore store) => _subscription = store.Events.Subscribe(_events);

    public IReadOnlyList<DataStoreEvent> Events => _events.Items;

    /// <summary>Waits for the <paramref name="count"/>-th event of type <typeparamref name="T"/> that matches.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, int count = 1)
        where T : DataStoreEvent
    {
        var deadline = DateTime.UtcNow + Await.Default;
        var seen = 0;
        while (true)
        {
            var found = _events.Items.OfType<T>().Where(e => match?.Invoke(e) ?? true).ToList();
            if (found.Count >= count)
            {
                return found[count - 1];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {typeof(T).Name} #{count} within {Await.Default}; saw: {string.Join(", ", _events.Items.Select(e => e.ToString()))}");
            }

            // The next event of any kind, then look again.
            seen = _events.Items.Count;
            try
            {
                await _events.WaitForAsync(seen + 1);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    public void Dispose() => _subscription.Dispose();
}
