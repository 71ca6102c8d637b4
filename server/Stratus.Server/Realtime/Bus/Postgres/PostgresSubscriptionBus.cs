using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Npgsql;
using Stratus.Server.Storage;

namespace Stratus.Server.Realtime.Bus.Postgres;

/// <summary>
/// The backplane for several server processes on one PostgreSQL database: a write is announced with
/// <c>pg_notify</c>, and every process (this one included) hears it on its <c>LISTEN</c> connection and hands it to
/// its own subscriptions, so each event reaches each subscription exactly once. Items too large for a NOTIFY payload
/// (8000 bytes) travel as their key and are read back from the database by the receivers.
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
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
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

    /// <summary>Starts listening; completes once LISTEN is in place, so no event published after start is missed.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var source = _connections.Postgres ?? throw new InvalidOperationException("Stratus:SubscriptionBus=Postgres needs a PostgreSQL database (--database Host=...).");
        _listen = Task.Run(() => ListenAsync(source, _stopping.Token));
        _deliver = Task.Run(() => DeliverAsync(_stopping.Token));
        await _listening.Task.WaitAsync(cancellationToken);
    }

    public bool PublishesInTransaction => true;

    public async ValueTask PublishAsync(ChangeEvent change, System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken)
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
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await source.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, e) => _received.Writer.TryWrite(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                _listening.TrySetResult();
                while (!cancellationToken.IsCancellationRequested)
                {
                    // A half-open connection would wait forever: probe it whenever nothing arrived for a while.
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken))
                    {
                        await using var probe = new NpgsqlCommand("SELECT 1", connection);
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        timeout.CancelAfter(TimeSpan.FromSeconds(10));
                        await probe.ExecuteScalarAsync(timeout.Token);
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

    /// <summary>Turns notifications into events in arrival order, reading back items that were sent by key.</summary>
    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var payload in _received.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    if (await ParseAsync(payload, cancellationToken) is { } change)
                    {
                        _dispatcher.Enqueue(change);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad or unreadable notification must not stop delivery of the next ones.
                    _logger.MalformedNotification(payload.Length > 200 ? payload[..200] : payload);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
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

        var stored = await _store.GetAsync(model, pk, _time.GetUtcNow().ToUnixTimeSeconds(), cancellationToken);
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
