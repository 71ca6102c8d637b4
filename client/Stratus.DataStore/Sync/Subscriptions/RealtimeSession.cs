using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Stratus.Schema.AppSync;

namespace Stratus.DataStore.Sync.Subscriptions;

/// <summary>A <c>start</c> the server answered with <c>error</c> (or never acknowledged).</summary>
internal sealed class RealtimeSubscriptionException(string? errorType, string message) : Exception(message)
{
    public string? ErrorType { get; } = errorType;
}

/// <summary>
/// One AppSync real-time connection, client side (appsync-protocol.md §5, amplify-js-wire.md §2): the
/// <c>graphql-ws</c> and <c>header-&lt;base64url&gt;</c> subprotocols carry the credentials, <c>connection_init</c>
/// waits for <c>connection_ack</c>, each <c>start</c> (its <c>payload.data</c> a JSON string) waits for its
/// <c>start_ack</c>, both within the ack timeout; no frame for <c>connectionTimeoutMs</c> (the server's <c>ka</c>
/// stopped) ends the connection. <see cref="Closed"/> completes when the connection is over, for whatever reason.
/// </summary>
internal sealed class RealtimeSession(IRealtimeSocket socket, TimeProvider time, TimeSpan ackTimeout, ILogger logger, Action<string, JsonObject> onData) : IAsyncDisposable
{
    private const int DefaultConnectionTimeoutMs = 300_000;

    private readonly TaskCompletionSource _ack = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _starts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private ITimer? _watchdog;
    private TimeSpan _timeout = TimeSpan.FromMilliseconds(DefaultConnectionTimeoutMs);
    private Task? _receive;

    /// <summary>Completes with the reason when the connection ends.</summary>
    public Task<string> Closed => _closed.Task;

    public async Task OpenAsync(Uri uri, JsonObject header, CancellationToken cancellationToken)
    {
        var encoded = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()));
        await socket.ConnectAsync(uri, [RealtimeMessageType.Subprotocol, "header-" + encoded], cancellationToken).ConfigureAwait(false);
        _receive = Task.Run(ReceiveAsync, CancellationToken.None);
        await socket.SendAsync(new JsonObject { ["type"] = RealtimeMessageType.ConnectionInit }.ToJsonString(), cancellationToken).ConfigureAwait(false);
        await Within(_ack.Task, "connection_ack", cancellationToken).ConfigureAwait(false);
        _watchdog = time.CreateTimer(_ => End("no keep-alive within connectionTimeoutMs"), null, _timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts one subscription and waits for its <c>start_ack</c>.</summary>
    /// <exception cref="RealtimeSubscriptionException">The server refused it, or did not answer in time.</exception>
    public async Task SubscribeAsync(string id, string query, JsonObject variables, JsonObject authorization, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _starts[id] = started;
        var message = new JsonObject
        {
            ["id"] = id,
            ["type"] = RealtimeMessageType.Start,
            ["payload"] = new JsonObject
            {
                ["data"] = new JsonObject { ["query"] = query, ["variables"] = variables }.ToJsonString(),
                ["extensions"] = new JsonObject { ["authorization"] = authorization.DeepClone() },
            },
        };
        await socket.SendAsync(message.ToJsonString(), cancellationToken).ConfigureAwait(false);
        await Within(started.Task, "start_ack", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for an acknowledgement, the connection's end or the ack timeout, whichever comes first: a <c>start</c>
    /// sent just as the connection ended is answered by nobody, and must not wait out the whole timeout.
    /// </summary>
    private async Task Within(Task task, string what, CancellationToken cancellationToken)
    {
        Task first;
        try
        {
            first = await Task.WhenAny(task, _closed.Task).WaitAsync(ackTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new RealtimeSubscriptionException(null, $"no {what} within {ackTimeout.TotalSeconds:0.#} s");
        }

        if (first != task && !task.IsCompleted)
        {
            throw new RealtimeSubscriptionException(null, $"the real-time connection ended before {what}: {await _closed.Task.ConfigureAwait(false)}");
        }

        await task.ConfigureAwait(false);
    }

    private async Task ReceiveAsync()
    {
        var reason = "the server closed the connection";
        try
        {
            while (await socket.ReceiveAsync(_stop.Token).ConfigureAwait(false) is { } text)
            {
                _watchdog?.Change(_timeout, Timeout.InfiniteTimeSpan);
                Handle(text);
            }
        }
        catch (OperationCanceledException)
        {
            reason = "stopped";
        }
        catch (Exception error) when (error is IOException or System.Net.WebSockets.WebSocketException)
        {
            reason = error.Message;
        }

        End(reason);
    }

    private void Handle(string text)
    {
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            logger.LogWarning(EventIds.RealtimeFrameIgnored, "A real-time frame that is not JSON was ignored");
            return;
        }

        var id = message?["id"]?.GetValue<string>();
        switch (message?["type"]?.GetValue<string>())
        {
            case RealtimeMessageType.ConnectionAck:
                if (message["payload"]?["connectionTimeoutMs"] is JsonValue timeout && timeout.TryGetValue<long>(out var ms) && ms > 0)
                {
                    _timeout = TimeSpan.FromMilliseconds(ms);
                }

                _ack.TrySetResult();
                break;
            case RealtimeMessageType.StartAck when id is not null && _starts.TryGetValue(id, out var started):
                started.TrySetResult();
                break;
            case RealtimeMessageType.Data when id is not null && message["payload"] is JsonObject payload:
                onData(id, payload);
                break;
            case RealtimeMessageType.Error when id is not null && _starts.TryGetValue(id, out var refused):
                refused.TrySetException(Refusal(message));
                break;
            case RealtimeMessageType.ConnectionError:
            case RealtimeMessageType.Error:
                var error = Refusal(message);
                if (!_ack.TrySetException(error))
                {
                    logger.LogWarning(EventIds.RealtimeError, "Real-time error: {Message}", error.Message);
                }

                break;
        }
    }

    private static RealtimeSubscriptionException Refusal(JsonObject message)
    {
        var first = message["payload"]?["errors"] is JsonArray { Count: > 0 } errors ? errors[0] as JsonObject : null;
        return new RealtimeSubscriptionException(first?["errorType"]?.GetValue<string>(), first?["message"]?.ToString() ?? message.ToJsonString());
    }

    private void End(string reason)
    {
        if (_closed.TrySetResult(reason))
        {
            var ended = new RealtimeSubscriptionException(null, "the real-time connection ended: " + reason);
            _ack.TrySetException(ended);
            foreach (var start in _starts.Values)
            {
                start.TrySetException(ended);
            }

            _ = socket.CloseAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        End("stopped");
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_receive is not null)
        {
            await _receive.ConfigureAwait(false);
        }

        _watchdog?.Dispose();
        await socket.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
