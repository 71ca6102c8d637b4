using Stratus.DataStore.Api;
using Stratus.DataStore.Events;
using Stratus.DataStore.Storage;
using Stratus.DataStore.Sync;
using Stratus.DataStore.Sync.Connectivity;
using Stratus.Schema.Filters;

namespace Stratus.DataStore;

public sealed partial class StratusDataStore
{
    /// <summary>
    /// Opens the local database and, with <c>DataStoreOptions.AppSync</c> set, starts syncing in the background:
    /// subscriptions, a pull of every model, the outbox, then live updates, going offline and back by itself.
    /// Returns at once; follow progress on <see cref="Events"/>. Idempotent. Without an endpoint it only opens.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (_options.AppSync is null)
        {
            return;
        }

        await _startLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _engine ??= NewEngine();
            _engine.Start();
        }
        finally
        {
            _startLock.Release();
        }
    }

    /// <summary>Stops syncing (subscriptions close, nothing more is sent); local data and the outbox stay. <see cref="StartAsync"/> resumes.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _startLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_engine is { } engine)
            {
                _engine = null;
                await engine.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _startLock.Release();
        }
    }

    /// <summary>
    /// Pulls every model once and sends the whole outbox, then returns what it did; for apps (and the TodoApp
    /// sample) that sync on demand rather than live. Use it instead of <see cref="StartAsync"/>, not beside it.
    /// </summary>
    /// <exception cref="Exceptions.ServerUnreachableException">The server did not answer; every change stays queued.</exception>
    /// <exception cref="InvalidOperationException">No endpoint is configured, or the live engine is running.</exception>
    public async Task<SyncSummary> SyncAsync(CancellationToken cancellationToken = default)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (_options.AppSync is null)
        {
            throw new InvalidOperationException("SyncAsync needs DataStoreOptions.AppSync: the store is local-only.");
        }

        if (_engine is not null)
        {
            throw new InvalidOperationException("The live sync engine is running (StartAsync); it syncs by itself. Call StopAsync first to sync on demand.");
        }

        await using var engine = NewEngine();
        return await engine.SyncOnceAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Amplify's Hub events of this store, and Stratus's own (sync progress, limits, failed mutations, errors).</summary>
    public IObservable<DataStoreEvent> Events => new Observable<DataStoreEvent>(observer => _events.Subscribe(observer.OnNext, observer.OnCompleted));

    /// <summary><see cref="Events"/> as an async stream, until <paramref name="cancellationToken"/> is cancelled.</summary>
    public IAsyncEnumerable<DataStoreEvent> EventsAsync(CancellationToken cancellationToken = default) => Events.ToAsyncEnumerable(cancellationToken);

    /// <summary>Queues a failed change again, where it stood in the outbox. False when there is no such failed change.</summary>
    public async Task<bool> RetryFailedMutationAsync(long sequence, CancellationToken cancellationToken = default)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        var requeued = await _queue.RequeueAsync(sequence, cancellationToken).ConfigureAwait(false);
        _engine?.NotifyOutbox();
        return requeued;
    }

    /// <summary>
    /// Drops a failed change and puts the server's copy of its record in the local row (or removes the row when the
    /// server has none). Needs the server. False when there is no such failed change.
    /// </summary>
    public async Task<bool> DiscardFailedMutationAsync(long sequence, CancellationToken cancellationToken = default)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        var failed = (await GetFailedMutationsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(m => m.Sequence == sequence);
        if (failed is null)
        {
            return false;
        }

        var server = _options.AppSync is null ? null : await NewApi().GetAsync(_catalog.Schema, _catalog.Get(failed.Model), failed.Data, cancellationToken).ConfigureAwait(false);
        return await _queue.DiscardAsync(sequence, server, cancellationToken).ConfigureAwait(false);
    }

    private SyncEngine NewEngine() => new(this, NewApi(), _events, SyncStatus, _expressions, _logger);

    private SyncApi NewApi()
    {
        var settings = _options.AppSync!;
        var client = new AppSyncClient(_http, settings, _options.AuthModeStrategy, _options.TokenProvider, _logger);
        return new SyncApi(client, TransientFailures.Pipeline(_options.Retry, _time), settings.Endpoint);
    }

    /// <summary>Told after every committed app write: the outbox changed.</summary>
    private void OnQueued(IReadOnlyList<StoredChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        foreach (var change in changes)
        {
            var operation = change.OpType switch
            {
                OperationType.Insert => MutationOperation.Create,
                OperationType.Update => MutationOperation.Update,
                _ => MutationOperation.Delete,
            };
            _events.Publish(new OutboxMutationEnqueuedEvent(change.Model.Name, operation, change.Json));
        }

        _events.Publish(new OutboxStatusEvent(false));
        _engine?.NotifyOutbox();
    }

    private Dictionary<string, FilterNode?> SyncExpressions() => _options.SyncExpressions.ToDictionary(
        e => _catalog.Get(e.Key).Name,
        e =>
        {
            var info = _catalog.Get(e.Key);
            var filter = _predicates.Translate(info, e.Value);
            if (HasRelated(filter))
            {
                throw new ArgumentException($"The sync expression of {info.Name} tests the record's own fields; it cannot reach across relationships.");
            }

            // AppSync's Model*FilterInput, which sync queries take, has no in/notIn (datastore-client.md §2).
            return UsesInOperators(filter)
                ? throw new ArgumentException($"The sync expression of {info.Name} uses In/NotIn, which AppSync's sync filters do not take; write it as == comparisons joined with ||.")
                : (FilterNode?)filter;
        },
        StringComparer.Ordinal);

    private static bool UsesInOperators(FilterNode node) => node switch
    {
        FieldFilter field => field.Operator is FilterOperator.In or FilterOperator.NotIn,
        AndFilter and => and.Children.Any(UsesInOperators),
        OrFilter or => or.Children.Any(UsesInOperators),
        NotFilter not => UsesInOperators(not.Child),
        _ => false,
    };
}
