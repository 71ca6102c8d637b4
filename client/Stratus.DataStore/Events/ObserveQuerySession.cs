using Stratus.DataStore.Models;

namespace Stratus.DataStore.Events;

/// <summary>
/// One subscriber of <c>ObserveQuery</c>. It listens before the first query so no change is missed, then re-runs
/// the query after changes to its model or to a model its predicate reaches through relationships: at once when the model is synced, otherwise when
/// <c>batchSize</c> changes are pending or <c>maxInterval</c> has passed since the first pending one (Amplify's
/// DeferredCallbackResolver), and once more when the model finishes syncing. Queries run one at a time, so
/// snapshots arrive in order.
/// </summary>
internal sealed class ObserveQuerySession<T>(
    IObserver<QuerySnapshot<T>> observer,
    Func<CancellationToken, Task<IReadOnlyList<T>>> query,
    Func<bool> isSynced,
    ChangeFeed feed,
    EventHub events,
    IReadOnlySet<ModelInfo> watched,
    int batchSize,
    TimeSpan maxInterval,
    TimeProvider time) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _queryLock = new(1, 1);
    private readonly Lock _gate = new();
    private IDisposable? _subscription;
    private IDisposable? _synced;
    private ITimer? _timer;
    private int _pending;
    private int _queued;

    public IDisposable Start()
    {
        _subscription = feed.Subscribe(OnChange, () =>
        {
            Dispose();
            observer.OnCompleted();
        });
        // Amplify forces one snapshot when the model finishes syncing, so IsSynced turns true even with no change.
        _synced = events.Subscribe(
            e =>
            {
                if (e is ModelSyncedEvent synced && watched.Any(m => m.Name == synced.Model) && Interlocked.Exchange(ref _queued, 1) == 0)
                {
                    _ = Task.Run(RefreshAsync);
                }
            },
            () => { });
        _ = RefreshAsync();
        return this;
    }

    private void OnChange(StoredChange change)
    {
        if (!watched.Contains(change.Model) || _stop.IsCancellationRequested)
        {
            return;
        }

        bool now;
        lock (_gate)
        {
            _pending++;
            now = isSynced() || _pending >= batchSize;
            if (!now && _timer is null)
            {
                _timer = time.CreateTimer(_ => _ = RefreshAsync(), null, maxInterval, Timeout.InfiniteTimeSpan);
            }
        }

        // One refresh waiting is enough: it will see this change too.
        // Off the feed's delivery task, so other observers are not held up by this query.
        if (now && Interlocked.Exchange(ref _queued, 1) == 0)
        {
            _ = Task.Run(RefreshAsync);
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            await _queryLock.WaitAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            lock (_gate)
            {
                _pending = 0;
                _timer?.Dispose();
                _timer = null;
            }

            Interlocked.Exchange(ref _queued, 0);

            var items = await query(_stop.Token).ConfigureAwait(false);
            if (!_stop.IsCancellationRequested)
            {
                observer.OnNext(new QuerySnapshot<T>(items, isSynced()));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            // An observable ends with its error.
            Dispose();
            observer.OnError(error);
        }
        finally
        {
            _queryLock.Release();
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _synced?.Dispose();
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }
}
