using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Npgsql;
using Stratus.Schema.Model;
using Stratus.Server.Storage;

namespace Stratus.Server.Realtime.Bus.Postgres;

/// <summary>
/// The backplane for several server processes on one PostgreSQL database. The delta table is the durable record of
/// changes and a notification only a doorbell: a write is announced with <c>pg_notify</c> (model, key, version and
/// change stamp), every process (this one included) hears it on its <c>LISTEN</c> connection and hands it to its own
/// subscriptions. Each process remembers, per model, the stamp of the last change it delivered. When the listener
/// reconnects it first delivers what the delta table holds after those stamps, in commit order, then the
/// notifications that came meanwhile, skipping any change already delivered; so every change reaches each
/// subscription once, in order, across a lost connection. The same catch-up runs whenever the connection has been
/// quiet for a while. Items too large for a NOTIFY payload (8000 bytes) are read back as the version the
/// notification names, from the delta table.
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
    private readonly ModelSchema _schema;

    /// <summary>What the listener heard, tagged with its connection's generation; a null payload asks for a catch-up.</summary>
    private readonly Channel<(int Generation, string? Payload)> _received = Channel.CreateUnbounded<(int, string?)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Per model, the stamp of the last change delivered here (touched by the delivery loop only).</summary>
    private readonly Dictionary<string, long> _delivered = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private Task? _listen;
    private Task? _deliver;

    public PostgresSubscriptionBus(ConnectionFactory connections, ItemStore store, ModelSchema schema, TimeProvider time, ILogger<PostgresSubscriptionBus> logger)
    {
        _connections = connections;
        _store = store;
        _schema = schema;
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

    public async ValueTask PublishAsync(ChangeEvent change, System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var envelope = new JsonObject
        {
            ["m"] = change.Model,
            ["o"] = change.Operation.ToString(),
            ["k"] = change.Pk,
            ["v"] = change.Version,
            ["s"] = Stamp(change.Item),
            ["i"] = change.Item.DeepClone(),
        };
        var payload = envelope.ToJsonString();
        if (Encoding.UTF8.GetByteCount(payload) > MaxInlineBytes)
        {
            envelope.Remove("i");
            payload = envelope.ToJsonString();
        }

        // Inside the write's transaction the notification is released by the commit, in commit order.
        await using var owned = transaction is null ? await _connections.OpenAsync(cancellationToken) : null;
        await using var command = (transaction?.Connection ?? owned!).CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_notify('{ChannelName}', @payload)";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "payload";
        parameter.Value = payload;
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync(cancellationToken);
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
        var waiting = new List<string>();
        try
        {
            await foreach (var (generation, payload) in _received.Reader.ReadAllAsync(cancellationToken))
            {
                if (payload is null)
                {
                    await CatchUpAsync(first: caughtUp == 0, cancellationToken);
                    caughtUp = generation;
                    _listening.TrySetResult();
                    foreach (var held in waiting)
                    {
                        await DeliverNotificationAsync(held, cancellationToken);
                    }

                    waiting.Clear();
                }
                else if (generation > caughtUp)
                {
                    waiting.Add(payload);
                }
                else
                {
                    await DeliverNotificationAsync(payload, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The first time, only notes where every model stands (this process has no subscribers yet); afterwards
    /// delivers, per model, the delta rows stamped after the last change delivered here.
    /// </summary>
    private async Task CatchUpAsync(bool first, CancellationToken cancellationToken)
    {
        try
        {
            if (first)
            {
                foreach (var (model, stamp) in await _store.ChangeStampsAsync(cancellationToken))
                {
                    _delivered[model] = stamp;
                }

                return;
            }

            var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var model in _schema.Models)
            {
                IReadOnlyList<object?>? cursor = null;
                do
                {
                    var page = await _store.DeltaAsync(model, null, _delivered.GetValueOrDefault(model.Name), nowMs, 500, cursor, cancellationToken);
                    foreach (var item in page.Items)
                    {
                        Deliver(new ChangeEvent(model.Name, OperationOf(item), item.Pk, item.Version, item.ToGraphQL()), item.LastChangedAt);
                    }

                    cursor = page.LastCursor;
                }
                while (cursor is not null);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next catch-up (after the next quiet spell or reconnect) starts from the same stamps.
            _logger.CatchUpFailed(e);
        }
    }

    private static ChangeOperation OperationOf(StoredItem item) =>
        item.Deleted ? ChangeOperation.Delete : item.Version == 1 ? ChangeOperation.Create : ChangeOperation.Update;

    private async Task DeliverNotificationAsync(string payload, CancellationToken cancellationToken)
    {
        try
        {
            if (await ParseAsync(payload, cancellationToken) is { } change)
            {
                Deliver(change.Event, change.Stamp);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One bad or unreadable notification must not stop delivery of the next ones.
            _logger.MalformedNotification(payload.Length > 200 ? payload[..200] : payload);
        }
    }

    /// <summary>Hands a change to this process's subscriptions unless it was delivered already (stamps rise in commit order per model).</summary>
    private void Deliver(ChangeEvent change, long? stamp)
    {
        if (stamp is { } s)
        {
            if (_delivered.TryGetValue(change.Model, out var last) && s <= last)
            {
                return;
            }

            _delivered[change.Model] = s;
        }

        _dispatcher.Enqueue(change);
    }

    private static long? Stamp(JsonObject item) =>
        item[Schema.AppSync.SyncFields.LastChangedAt] is JsonValue value && value.TryGetValue<long>(out var stamp) ? stamp : null;

    private async Task<(ChangeEvent Event, long? Stamp)?> ParseAsync(string payload, CancellationToken cancellationToken)
    {
        var envelope = JsonNode.Parse(payload)!.AsObject();
        var model = envelope["m"]!.GetValue<string>();
        var pk = envelope["k"]!.GetValue<string>();
        var operation = Enum.Parse<ChangeOperation>(envelope["o"]!.GetValue<string>());
        var version = envelope["v"]!.GetValue<long>();
        var stamp = envelope["s"]?.GetValue<long>();
        if (envelope["i"] is JsonObject item)
        {
            return (new ChangeEvent(model, operation, pk, version, item), stamp ?? Stamp(item));
        }

        // Read back as this change left the item, never a newer version.
        var stored = await _store.ChangeAsync(model, pk, version, cancellationToken);
        return stored is null ? null : (new ChangeEvent(model, operation, pk, stored.Version, stored.ToGraphQL()), stored.LastChangedAt);
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
