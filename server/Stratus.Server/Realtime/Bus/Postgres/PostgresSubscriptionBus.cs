using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Npgsql;
using Stratus.Server.Storage;

namespace Stratus.Server.Realtime.Bus.Postgres;

/// <summary>
/// The backplane for several server processes on one PostgreSQL database. The delta table is the durable record of
/// changes and a notification only a doorbell: a write is announced with <c>pg_notify</c> inside its transaction
/// (its transaction id, model, key, version), so every process (this one included) hears it on its <c>LISTEN</c>
/// connection in commit order and hands it to its own subscriptions. Each process remembers the database snapshot
/// of its last catch-up and the transactions it heard of since. A catch-up (when the listener reconnects, when the
/// connection has been quiet for a while, or when many notifications came since the last one) delivers the delta
/// rows committed between the previous snapshot and a new one that were not heard of, then the notifications that
/// came meanwhile, skipping those the snapshot covers; so every change reaches each subscription once, in commit
/// order per item, across a lost connection, without assuming anything about the order of change stamps. Items
/// too large for a NOTIFY payload (8000 bytes) are read back as the version the notification names.
/// </summary>
public sealed class PostgresSubscriptionBus : ISubscriptionBus, IAsyncDisposable
{
    public const string ChannelName = "stratus_changes";

    /// <summary>Below PostgreSQL's 8000-byte NOTIFY limit, with room for the envelope.</summary>
    internal const int MaxInlineBytes = 7800;

    private readonly ConnectionFactory _connections;
    private readonly ItemStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresSubscriptionBus> _logger;
    private readonly LocalDispatcher _dispatcher;

    /// <summary>What the listener heard, tagged with its connection's generation; a null payload asks for a catch-up.</summary>
    private readonly Channel<(int Generation, string? Payload)> _received = Channel.CreateUnbounded<(int, string?)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>A catch-up is asked for once this many transactions were heard of since the last one.</summary>
    internal const int CatchUpAfterNotifications = 10_000;

    /// <summary>The snapshot of the last catch-up: every change visible in it was delivered (delivery loop only).</summary>
    private PostgresSnapshot? _snapshot;

    /// <summary>Transactions delivered from notifications and not yet covered by <see cref="_snapshot"/> (delivery loop only).</summary>
    private readonly HashSet<ulong> _heard = [];
    private bool _catchUpAsked;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private Task? _listen;
    private Task? _deliver;

    public PostgresSubscriptionBus(ConnectionFactory connections, ItemStore store, TimeProvider time, ILogger<PostgresSubscriptionBus> logger)
    {
        _connections = connections;
        _store = store;
        _time = time;
        _logger = logger;
        _dispatcher = new LocalDispatcher(logger);
    }

    /// <summary>
    /// Starts listening; completes once LISTEN is in place and where every model stands is known, so no event
    /// published after start is missed.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var source = _connections.Postgres ?? throw new InvalidOperationException("Stratus:SubscriptionBus=Postgres needs a PostgreSQL database (--database Host=...).");
        _listen = Task.Run(() => ListenAsync(source, _stopping.Token));
        _deliver = Task.Run(() => DeliverAsync(_stopping.Token));
        await _listening.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Set by the delivery loop once the first catch-up has noted where every model stands.</summary>
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool PublishesInTransaction => true;

    public string? AnnounceInTransaction(ChangeEvent change, SqlParameters parameters) =>
        // Released by the commit, in commit order; it starts with the transaction's id.
        $"SELECT pg_notify('{ChannelName}', pg_current_xact_id()::text || ' ' || {parameters.Add(Payload(change))})";

    public async ValueTask PublishAsync(ChangeEvent change, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await ItemStore.ExecuteAsync(connection, null, AnnounceInTransaction(change, parameters)!, parameters, cancellationToken);
    }

    private static string Payload(ChangeEvent change)
    {
        var envelope = new JsonObject
        {
            ["m"] = change.Model,
            ["o"] = change.Operation.ToString(),
            ["k"] = change.Pk,
            ["v"] = change.Version,
            ["i"] = change.Item.DeepClone(),
        };
        var payload = envelope.ToJsonString();
        if (Encoding.UTF8.GetByteCount(payload) > MaxInlineBytes)
        {
            envelope.Remove("i");
            payload = envelope.ToJsonString();
        }

        return payload;
    }

    public IDisposable Subscribe(Action<ChangeEvent> handler) => _dispatcher.Subscribe(handler);

    private async Task ListenAsync(NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        var generation = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await source.OpenConnectionAsync(cancellationToken);
                var current = ++generation;
                connection.Notification += (_, e) => _received.Writer.TryWrite((current, e.Payload));
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                // Everything committed from here on is heard; what committed before is read from the delta table.
                _received.Writer.TryWrite((current, null));
                while (!cancellationToken.IsCancellationRequested)
                {
                    // A half-open connection would wait forever: probe it whenever nothing arrived for a while, and
                    // check the delta table for anything a notification did not bring.
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken))
                    {
                        await using var probe = new NpgsqlCommand("SELECT 1", connection);
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        timeout.CancelAfter(TimeSpan.FromSeconds(10));
                        await probe.ExecuteScalarAsync(timeout.Token);
                        _received.Writer.TryWrite((current, null));
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.ListenerReconnecting(e);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// Delivers in order: a connection's notifications wait until its first catch-up has run, so nothing committed
    /// while the listener was away can be overtaken by a later change (and then skipped as already delivered).
    /// </summary>
    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        var caughtUp = 0;
        var waiting = new List<(int Generation, string Payload)>();
        try
        {
            await foreach (var (generation, payload) in _received.Reader.ReadAllAsync(cancellationToken))
            {
                if (payload is null)
                {
                    await CatchUpAsync(cancellationToken);
                    caughtUp = Math.Max(caughtUp, generation);
                    _listening.TrySetResult();
                    foreach (var held in waiting.Where(w => w.Generation <= caughtUp))
                    {
                        await DeliverNotificationAsync(held.Payload, held.Generation, cancellationToken);
                    }

                    waiting.RemoveAll(w => w.Generation <= caughtUp);
                }
                else if (generation > caughtUp)
                {
                    waiting.Add((generation, payload));
                }
                else
                {
                    await DeliverNotificationAsync(payload, generation, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Takes a new snapshot and delivers the delta rows committed since the previous one that no notification
    /// brought; the first time it only takes the snapshot (this process has no subscribers yet).
    /// </summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        _catchUpAsked = false;
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            var parameters = new SqlParameters();
            PostgresSnapshot next;
            await using (var command = ItemStore.CreateCommand(connection, transaction, "SELECT pg_current_snapshot()::text", parameters))
            {
                next = PostgresSnapshot.Parse((string)(await command.ExecuteScalarAsync(cancellationToken))!);
            }

            if (_snapshot is { } previous)
            {
                // Read in the same transaction, so exactly what the new snapshot sees.
                var sql = "SELECT xid::text, model, pk, data, version, deleted, last_changed_at FROM stratus_deltas "
                    + $"WHERE xid >= CAST({parameters.Add(previous.Xmin.ToString(System.Globalization.CultureInfo.InvariantCulture))} AS xid8) "
                    + $"AND NOT pg_visible_in_snapshot(xid, CAST({parameters.Add(previous.Text)} AS pg_snapshot)) ORDER BY id";
                await using var command = ItemStore.CreateCommand(connection, transaction, sql, parameters);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (_heard.Contains(ulong.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture)))
                    {
                        continue;
                    }

                    var item = new StoredItem(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetBoolean(5), reader.GetInt64(6), null);
                    _dispatcher.Enqueue(new ChangeEvent(item.Model, OperationOf(item), item.Pk, item.Version, item.ToGraphQL()));
                }
            }

            await transaction.CommitAsync(cancellationToken);
            _snapshot = next;
            _heard.RemoveWhere(next.IsVisible);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next catch-up (after the next quiet spell or reconnect) starts from the same snapshot.
            _logger.CatchUpFailed(e);
        }
    }

    private static ChangeOperation OperationOf(StoredItem item) =>
        item.Deleted ? ChangeOperation.Delete : item.Version == 1 ? ChangeOperation.Create : ChangeOperation.Update;

    private async Task DeliverNotificationAsync(string payload, int generation, CancellationToken cancellationToken)
    {
        try
        {
            var space = payload.IndexOf(' ', StringComparison.Ordinal);
            var transaction = ulong.Parse(payload.AsSpan(0, space), System.Globalization.CultureInfo.InvariantCulture);
            if (_snapshot?.IsVisible(transaction) == true || !_heard.Add(transaction))
            {
                return;
            }

            if (await ParseAsync(payload[(space + 1)..], cancellationToken) is { } change)
            {
                _dispatcher.Enqueue(change);
            }

            if (_heard.Count >= CatchUpAfterNotifications && !_catchUpAsked)
            {
                _catchUpAsked = _received.Writer.TryWrite((generation, null));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One bad or unreadable notification must not stop delivery of the next ones.
            _logger.MalformedNotification(payload.Length > 200 ? payload[..200] : payload);
        }
    }

    private async Task<ChangeEvent?> ParseAsync(string payload, CancellationToken cancellationToken)
    {
        var envelope = JsonNode.Parse(payload)!.AsObject();
        var model = envelope["m"]!.GetValue<string>();
        var pk = envelope["k"]!.GetValue<string>();
        var operation = Enum.Parse<ChangeOperation>(envelope["o"]!.GetValue<string>());
        var version = envelope["v"]!.GetValue<long>();
        if (envelope["i"] is JsonObject item)
        {
            return new ChangeEvent(model, operation, pk, version, item);
        }

        // Read back as this change left the item, never a newer version.
        var stored = await _store.ChangeAsync(model, pk, version, cancellationToken);
        return stored is null ? null : new ChangeEvent(model, operation, pk, stored.Version, stored.ToGraphQL());
    }

    public async ValueTask DisposeAsync()
    {
        // Registered both as itself and as ISubscriptionBus, so the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        foreach (var task in new[] { _listen, _deliver }.OfType<Task>())
        {
            await task.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _received.Writer.TryComplete();
        await _dispatcher.DisposeAsync();
        _stopping.Dispose();
    }
}
