using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Stratus.DataStore.Events;
using Stratus.DataStore.Exceptions;
using Stratus.DataStore.Models;
using Stratus.DataStore.Sync.Conflicts;
using Stratus.DataStore.Sync.Connectivity;
using Stratus.DataStore.Sync.Outbox;
using Stratus.DataStore.Sync.Pull;
using Stratus.DataStore.Sync.Subscriptions;
using Stratus.Schema.Filters;

namespace Stratus.DataStore.Sync;

/// <summary>What one sync run did: records pulled per model, changes sent and refused.</summary>
public sealed record SyncSummary(IReadOnlyDictionary<string, int> Pulled, int Sent, int Failed);

/// <summary>
/// Orders the parts of sync (datastore-client.md §3.4): connect the subscriptions (their events wait), pull every
/// model in dependency order, merge the waiting events, drain the outbox, then stay live: send each new local
/// change, run a sync again when the full-sync interval is due. When the server stops answering, or the real-time
/// connection ends, the engine goes offline and probes again with growing delays; coming back it reconnects, runs
/// a delta sync to close the gap and drains what queued up meanwhile.
/// </summary>
internal sealed class SyncEngine : IAsyncDisposable
{
    private readonly StratusDataStore _store;
    private readonly SyncApi _api;
    private readonly RemoteMerger _merger;
    private readonly OutboxQueue _queue;
    private readonly MutationProcessor _mutations;
    private readonly ModelPuller _puller;
    private readonly EventHub _events;
    private readonly SyncStatus _status;
    private readonly IReadOnlyDictionary<string, FilterNode?> _expressions;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private bool? _online;
    private bool _ready;

    public SyncEngine(StratusDataStore store, SyncApi api, EventHub events, SyncStatus status, IReadOnlyDictionary<string, FilterNode?> expressions, ILogger logger)
    {
        _store = store;
        _api = api;
        _events = events;
        _status = status;
        _expressions = expressions;
        _logger = logger;
        _merger = store.Merger;
        _queue = store.Queue;
        _mutations = new MutationProcessor(store, api, _queue, events, logger);
        _puller = new ModelPuller(store, api, _merger, events, logger);
    }

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);

    /// <summary>A local change was queued: send it now if online.</summary>
    public void NotifyOutbox() => _wake.Writer.TryWrite(true);

    /// <summary>One pull of every model and one drain of the outbox, without staying live.</summary>
    public async Task<SyncSummary> SyncOnceAsync(CancellationToken cancellationToken)
    {
        var pulled = await SyncAllAsync(cancellationToken).ConfigureAwait(false);
        var (sent, failed) = await _mutations.DrainAsync(cancellationToken).ConfigureAwait(false);
        return new SyncSummary(pulled, sent, failed);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        var realtimeAttempt = 0;
        try
        {
            _events.Publish(new OutboxStatusEvent(await _queue.IsEmptyAsync(cancellationToken).ConfigureAwait(false)));
            while (!cancellationToken.IsCancellationRequested)
            {
                SubscriptionProcessor? live = null;
                try
                {
                    live = await ConnectAsync(cancellationToken).ConfigureAwait(false);
                    await SyncAllAsync(cancellationToken).ConfigureAwait(false);
                    live?.Release();
                    await _mutations.DrainAsync(cancellationToken).ConfigureAwait(false);
                    Ready();
                    attempt = 0;
                    realtimeAttempt = live is null ? realtimeAttempt + 1 : 0;
                    await StayLiveAsync(live, realtimeAttempt, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (!cancellationToken.IsCancellationRequested && IsOffline(error))
                {
                    _logger.LogWarning(EventIds.Offline, "Sync is offline: {Reason}", error.Message);
                    SetOnline(false);
                    Ready();
                    await Task.Delay(Backoff(attempt++), _store.Time, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (live is not null)
                    {
                        await live.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            _logger.LogCritical(EventIds.SyncEngineFailed, error, "The sync engine stopped on an unexpected error; local changes stay queued");
            await _events.ErrorAsync(new SyncError(SyncProcess.Sync, "", null, error.Message, Cause: error), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Opens the real-time connection; a server without one (or refusing it) still syncs, live updates wait.</summary>
    private async Task<SubscriptionProcessor?> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_store.Options.DisableSubscriptions)
        {
            return null;
        }

        var live = new SubscriptionProcessor(_store, _api, _merger, _events, _expressions, _logger);
        try
        {
            if (await live.StartAsync(cancellationToken).ConfigureAwait(false))
            {
                _events.Publish(new SubscriptionsEstablishedEvent());
            }

            SetOnline(true);
            return live;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && (IsOffline(error) || error is RealtimeSubscriptionException))
        {
            _logger.LogWarning(EventIds.RealtimeUnavailable, "No real-time connection ({Reason}); changes arrive by sync until it is back", error.Message);
            await live.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    // realtimeFailures: how many connects in a row found no real-time connection. The wait before the next one
    // doubles with each, from four times the reconnect base delay to the maximum, as each try also runs a delta sync.
    private async Task StayLiveAsync(SubscriptionProcessor? live, int realtimeFailures, CancellationToken cancellationToken)
    {
        var options = _store.Options;
        var realtimeRetry = live is null && !options.DisableSubscriptions
            ? Task.Delay(Backoff(realtimeFailures + 1), _store.Time, cancellationToken)
            : Task.Delay(Timeout.InfiniteTimeSpan, _store.Time, cancellationToken);
        var fullSyncDue = Task.Delay(options.FullSyncInterval, _store.Time, cancellationToken);
        var closed = live?.Closed ?? Task.Delay(Timeout.InfiniteTimeSpan, _store.Time, cancellationToken);
        // One read of the wake-up signal at a time: a read left waiting when another task wins still takes the
        // next signal, so it is kept, not replaced, or that signal would be lost.
        var wake = _wake.Reader.ReadAsync(cancellationToken).AsTask();
        while (true)
        {
            var first = await Task.WhenAny(wake, closed, fullSyncDue, realtimeRetry).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (first == closed)
            {
                throw new ServerUnreachableException("the real-time connection ended: " + await ((Task<string>)closed).ConfigureAwait(false));
            }

            if (first == realtimeRetry)
            {
                // Back to the top: connect again, and a delta sync closes the gap.
                return;
            }

            if (first == fullSyncDue)
            {
                await SyncAllAsync(cancellationToken).ConfigureAwait(false);
                fullSyncDue = Task.Delay(options.FullSyncInterval, _store.Time, cancellationToken);
            }

            if (first == wake)
            {
                wake = _wake.Reader.ReadAsync(cancellationToken).AsTask();
            }

            await _mutations.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyDictionary<string, int>> SyncAllAsync(CancellationToken cancellationToken)
    {
        var models = _store.Catalog.Models.Where(m => m.Definition.Operations.Sync is not null).ToList();
        _events.Publish(new SyncQueriesStartedEvent([.. models.Select(m => m.Name)]));
        var pulled = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        foreach (var level in SyncOrder.Levels(models))
        {
            await Task.WhenAll(level.Select(async model =>
            {
                if (await PullAsync(model, cancellationToken).ConfigureAwait(false) is { } result)
                {
                    pulled[model.Name] = result.Records;
                }
            })).ConfigureAwait(false);
        }

        _events.Publish(new SyncQueriesReadyEvent());
        return pulled;
    }

    /// <summary>One model's pull; a model that fails (refused, a bad record) is reported and the others go on.</summary>
    private async Task<ModelPullResult?> PullAsync(ModelInfo model, CancellationToken cancellationToken)
    {
        _expressions.TryGetValue(model.Name, out var expression);
        try
        {
            var result = await _puller.PullAsync(model, expression, cancellationToken).ConfigureAwait(false);
            SetOnline(true);
            _status.MarkSynced(model.Name);
            _events.Publish(new ModelSyncedEvent(model.Name, result.IsFullSync, !result.IsFullSync, result.Counts.New, result.Counts.Updated, result.Counts.Deleted));
            return result;
        }
        catch (Exception error) when (!IsOffline(error) && error is not OperationCanceledException)
        {
            var errorType = (error as SyncRequestException)?.ErrorType;
            _logger.LogError(EventIds.ModelSyncFailed, error, "{Model} did not sync ({ErrorType}); the other models go on", model.Name, errorType);
            await _events.ErrorAsync(new SyncError(SyncProcess.Sync, model.Name, errorType, error.Message, Cause: error), cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    private static bool IsOffline(Exception error) => error is ServerUnreachableException || TransientFailures.IsTransient(error);

    private void SetOnline(bool online)
    {
        if (_online != online)
        {
            _online = online;
            _events.Publish(new NetworkStatusEvent(online));
        }
    }

    private void Ready()
    {
        if (!_ready)
        {
            _ready = true;
            _events.Publish(new ReadyEvent());
        }
    }

    /// <summary>The wait before probing again: doubling from the base delay to the cap, with ±20 % jitter.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var retry = _store.Options.Retry;
        var delay = Math.Min(retry.ReconnectBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 20)), retry.MaxReconnectDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
