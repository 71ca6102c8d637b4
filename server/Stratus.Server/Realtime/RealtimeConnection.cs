using Stratus.Schema.AppSync.Errors;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using Stratus.Server.Auth;
using Stratus.Server.Hosting;
using Stratus.Schema.AppSync;
using Stratus.Server.Realtime.AppSync;

namespace Stratus.Server.Realtime;

/// <summary>
/// One AppSync real-time connection: the <c>connection_init</c> handshake, keep-alives, <c>start</c>/<c>stop</c>
/// of subscriptions executed by GraphQL for .NET, and an ordered, bounded outbox so a client that stops reading is
/// dropped instead of holding memory. Malformed input gets an <c>error</c> message, never a crash.
/// </summary>
internal sealed class RealtimeConnection(
    WebSocket socket,
    RealtimeAuthorization.Credentials connectionCredentials,
    Graphql.StratusExecutor executor,
    IGraphQLTextSerializer serializer,
    RequestAuthenticator auth,
    StratusOptions options,
    TimeProvider time,
    Observability.StratusTelemetry telemetry,
    RealtimeConnections registry,
    ILogger logger)
{
    private const int MaxMessageBytes = 256 * 1024;
    private const int OutboxCapacity = 1024;

    private readonly string _id = Guid.NewGuid().ToString("N")[..12];
    private readonly Channel<byte[]> _outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(OutboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Dictionary<string, IDisposable> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _subscriptionFields = new(StringComparer.Ordinal);
    private string? _caller;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _initialized;
    private Task? _ending;
    private string? _endReason;

    public async Task RunAsync(CancellationToken stopping)
    {
        logger.ConnectionOpened(_id);
        telemetry.RealtimeConnections.Add(1);
        using var registration = registry.Register(_id, time.GetUtcNow(), () => _caller, SubscriptionFields,
            () => _ = EndAsync(WebSocketCloseStatus.PolicyViolation, "disconnected from the console"));
        var writer = WriteLoopAsync(_lifetime.Token);
        var initDeadline = CloseIfNotInitializedAsync(_lifetime.Token);
        var reason = "connection lost";
        try
        {
            await using (stopping.Register(() => _ = EndAsync(WebSocketCloseStatus.EndpointUnavailable, "server shutting down")))
            {
                reason = await ReceiveLoopAsync();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            reason = "connection lost: " + e.Message;
        }
        finally
        {
            await CleanUpAsync(reason, writer, initDeadline);
        }
    }

    /// <summary>Ends every subscription and the session, whatever ended the receive loop.</summary>
    private async Task CleanUpAsync(string reason, Task writer, Task initDeadline)
    {
        lock (_subscriptions)
        {
            foreach (var subscription in _subscriptions.Values)
            {
                subscription.Dispose();
            }

            telemetry.Subscriptions.Add(-_subscriptions.Count);
            _subscriptions.Clear();
            _subscriptionFields.Clear();
        }

        telemetry.RealtimeConnections.Add(-1);
        await EndAsync(WebSocketCloseStatus.NormalClosure, reason);
        await _lifetime.CancelAsync();
        await Task.WhenAll(writer, initDeadline).ContinueWith(_ => { }, TaskScheduler.Default);
        logger.ConnectionClosed(_id, _endReason ?? reason);
    }

    /// <summary>
    /// Ends the session gracefully, once: flushes queued frames (a connection_error, say), then sends a close frame
    /// and waits briefly for the client's; a client that does not answer is cut off. Never cancels a pending
    /// receive, which would abort the socket without a close frame.
    /// </summary>
    private Task EndAsync(WebSocketCloseStatus status, string reason)
    {
        lock (_outbox)
        {
            if (_ending is not null)
            {
                return _ending;
            }

            _endReason = reason;
            _ending = EndCoreAsync(status, reason);
            return _ending;
        }
    }

    private async Task EndCoreAsync(WebSocketCloseStatus status, string reason)
    {
        _outbox.Writer.TryComplete();
        await _flushed.Task.WaitAsync(TimeSpan.FromSeconds(options.RealtimeSendTimeout)).ContinueWith(_ => { }, TaskScheduler.Default);
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await socket.CloseOutputAsync(status, reason.Length > 120 ? reason[..120] : reason, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                socket.Abort();
                return;
            }
        }

        // Give the client a moment to answer the close, then make sure the receive loop ends.
        _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ =>
        {
            if (socket.State != WebSocketState.Closed)
            {
                socket.Abort();
            }
        }, TaskScheduler.Default);
    }

    private async Task<string> ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return _endReason ?? "client closed";
            }

            if (_ending is not null)
            {
                continue;
            }

            message.Write(buffer, 0, received.Count);
            if (message.Length > MaxMessageBytes)
            {
                Send(ErrorMessage(null, "BadRequestException", $"Messages are limited to {MaxMessageBytes} bytes."));
                _ = EndAsync(WebSocketCloseStatus.MessageTooBig, "message too large");
                message.SetLength(0);
                continue;
            }

            if (!received.EndOfMessage)
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            message.SetLength(0);
            bool keep;
            try
            {
                keep = await HandleAsync(text, _lifetime.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever a frame holds, the answer is an error frame, never a dropped connection.
                Send(ErrorMessage(null, "BadRequestException", "The message could not be processed: " + e.Message));
                keep = true;
            }

            if (!keep)
            {
                _ = EndAsync(WebSocketCloseStatus.NormalClosure, "connection refused");
            }
        }

        return _endReason ?? "socket " + socket.State;
    }

    /// <summary>Handles one client message; false ends the connection.</summary>
    private async Task<bool> HandleAsync(string text, CancellationToken token)
    {
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(text, documentOptions: Graphql.StrictJson.Options) as JsonObject;
        }
        catch (JsonException)
        {
            message = null;
        }

        var type = message?["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        var id = message?["id"] is JsonValue i && i.TryGetValue<string>(out var v) ? v : null;
        if (message is null || type is null)
        {
            Send(ErrorMessage(id, "BadRequestException", "Each message must be a JSON object with a \"type\"."));
            return true;
        }

        logger.ProtocolEvent(_id, type);
        switch (type)
        {
            case RealtimeMessageType.ConnectionInit:
                return await InitializeAsync(token);
            case RealtimeMessageType.Start when !_initialized:
            case RealtimeMessageType.Stop when !_initialized:
                Send(ErrorMessage(id, "BadRequestException", "Send connection_init and wait for connection_ack first."));
                return true;
            case RealtimeMessageType.Start:
                await StartAsync(id, message["payload"] as JsonObject, token);
                return true;
            case RealtimeMessageType.Stop:
                Stop(id);
                return true;
            default:
                Send(ErrorMessage(id, "UnsupportedOperation", $"Unknown message type '{type}'."));
                return true;
        }
    }

    private async Task<bool> InitializeAsync(CancellationToken token)
    {
        var caller = await auth.AuthenticateAsync(connectionCredentials.ApiKey, connectionCredentials.Authorization, token);
        if (caller.Failure is not null)
        {
            Send(new JsonObject
            {
                ["type"] = RealtimeMessageType.ConnectionError,
                ["payload"] = new JsonObject
                {
                    ["errors"] = new JsonArray(new JsonObject
                    {
                        ["errorType"] = "UnauthorizedException",
                        ["errorCode"] = 401,
                        ["message"] = caller.Failure,
                    }),
                },
            }.ToJsonString());
            return false;
        }

        _caller = caller.Identity?.Name;
        if (!_initialized)
        {
            _initialized = true;
            // The keep-alive timer starts (synchronously) before the ack leaves, so its period counts from the ack.
            _ = KeepAliveLoopAsync(_lifetime.Token);
            Send(new JsonObject { ["type"] = RealtimeMessageType.ConnectionAck, ["payload"] = new JsonObject { ["connectionTimeoutMs"] = options.ConnectionTimeoutMs } }.ToJsonString());
        }

        return true;
    }

    private async Task StartAsync(string? id, JsonObject? payload, CancellationToken token)
    {
        if (string.IsNullOrEmpty(id))
        {
            Send(ErrorMessage(null, "BadRequestException", "start needs an \"id\"."));
            return;
        }

        lock (_subscriptions)
        {
            if (_subscriptions.ContainsKey(id))
            {
                Send(ErrorMessage(id, "DuplicatedOperationError", $"Duplicated operation with id {id}."));
                return;
            }

            if (_subscriptions.Count >= options.MaxSubscriptionsPerConnection)
            {
                Send(ErrorMessage(id, "MaxSubscriptionsReachedError", $"A connection may hold at most {options.MaxSubscriptionsPerConnection} subscriptions."));
                return;
            }
        }

        var request = ReadRequest(payload);
        if (request?.Query is null)
        {
            Send(ErrorMessage(id, "BadRequestException", "start needs payload.data: a JSON string holding {\"query\": ..., \"variables\": {...}}."));
            return;
        }

        var credentials = RealtimeAuthorization.FromHeaders((payload!["extensions"] as JsonObject)?["authorization"] as JsonObject);
        var caller = await auth.AuthenticateAsync(
            credentials.IsEmpty ? connectionCredentials.ApiKey : credentials.ApiKey,
            credentials.IsEmpty ? connectionCredentials.Authorization : credentials.Authorization,
            token);
        if (caller.Failure is not null)
        {
            Send(ErrorMessage(id, "Unauthorized", "Not Authorized to access this subscription on type Subscription"));
            return;
        }

        // Only subscriptions run here: a query or mutation in a start frame must not execute at all.
        if (!executor.MaySubscribe(request))
        {
            Send(ErrorMessage(id, "UnsupportedOperation", "start needs exactly one subscription operation; send queries and mutations to POST /graphql."));
            return;
        }

        var result = await executor.ExecuteAsync(request, new Dictionary<string, object?>
        {
            [SubscriptionStreams.RealtimeKey] = true,
            [Graphql.GraphqlEndpoint.CallerKey] = caller.Identity,
            // The request as sent (query, variables, operation name): subscriptions sent alike are answered alike.
            [SharedEventExecutionStrategy.ShapeKey] = payload!["data"]!.ToJsonString(),
            [SharedEventExecutionStrategy.CallerKey] = CallerKey(caller.Identity),
        }, null, _lifetime.Token);
        if (result.Errors is { Count: > 0 } || result.Streams is not { Count: 1 })
        {
            var errors = result.Errors is { Count: > 0 }
                ? JsonNode.Parse(serializer.Serialize(result.Errors))!
                : new JsonArray(new JsonObject { ["errorType"] = "UnsupportedOperation", ["message"] = "start needs exactly one subscription field." });
            Send(new JsonObject { ["type"] = RealtimeMessageType.Error, ["id"] = id, ["payload"] = new JsonObject { ["errors"] = errors } }.ToJsonString());
            return;
        }

        // The ack goes into the outbox before the first event can, so the client always sees it first.
        Send(new JsonObject { ["type"] = RealtimeMessageType.StartAck, ["id"] = id }.ToJsonString());
        var subscription = result.Streams.Values.Single().Subscribe(new EventObserver(this, id));
        lock (_subscriptions)
        {
            _subscriptions[id] = subscription;
            _subscriptionFields[id] = result.Streams.Keys.Single();
            telemetry.Subscriptions.Add(1);
        }
    }

    private IReadOnlyList<string> SubscriptionFields()
    {
        lock (_subscriptions)
        {
            return [.. _subscriptionFields.Values];
        }
    }

    private GraphQLRequest? ReadRequest(JsonObject? payload)
    {
        if (payload?["data"] is not JsonValue data || !data.TryGetValue<string>(out var text))
        {
            return null;
        }

        try
        {
            return Graphql.StrictJson.Problem(text) is null ? serializer.Deserialize<GraphQLRequest>(text) : null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private void Stop(string? id)
    {
        if (id is null)
        {
            Send(ErrorMessage(null, "BadRequestException", "stop needs an \"id\"."));
            return;
        }

        lock (_subscriptions)
        {
            if (_subscriptions.Remove(id, out var subscription))
            {
                _subscriptionFields.Remove(id);
                subscription.Dispose();
                telemetry.Subscriptions.Add(-1);
            }
        }

        Send(new JsonObject { ["type"] = RealtimeMessageType.Complete, ["id"] = id }.ToJsonString());
    }

    private async Task KeepAliveLoopAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.KeepAliveInterval), time);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                Send("{\"type\":\"ka\"}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CloseIfNotInitializedAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.ConnectionInitTimeout), time, token);
            if (!_initialized)
            {
                Send(ErrorMessage(null, "ConnectionInitTimeout", $"No connection_init within {options.ConnectionInitTimeout} s."));
                await EndAsync(WebSocketCloseStatus.PolicyViolation, "connection_init timeout");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Send(string frame) => Send(Encoding.UTF8.GetBytes(frame));

    /// <summary>Queues a frame (UTF-8 JSON); a client whose outbox is full is not reading and is dropped.</summary>
    private void Send(byte[] frame)
    {
        if (_ending is not null)
        {
            return;
        }

        if (!_outbox.Writer.TryWrite(frame) && !_outbox.Reader.Completion.IsCompleted)
        {
            logger.ConnectionClosed(_id, "client is not reading; outbox full");
            _lifetime.Cancel();
            socket.Abort();
        }
    }

    private async Task WriteLoopAsync(CancellationToken token)
    {
        try
        {
            await foreach (var frame in _outbox.Reader.ReadAllAsync(token))
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(TimeSpan.FromSeconds(options.RealtimeSendTimeout));
                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // A client that does not take its frames in time is cut off.
            if (socket.State == WebSocketState.Open)
            {
                socket.Abort();
            }
        }
        finally
        {
            _flushed.TrySetResult();
        }
    }

    private void SendData(string id, ExecutionResult result)
    {
        var payload = result is SerializedEventResult shared ? shared.Payload : Encoding.UTF8.GetBytes(serializer.Serialize(result));
        var prefix = Encoding.UTF8.GetBytes($"{{\"type\":\"data\",\"id\":{JsonSerializer.Serialize(id)},\"payload\":");
        var frame = new byte[prefix.Length + payload.Length + 1];
        prefix.CopyTo(frame, 0);
        payload.CopyTo(frame, prefix.Length);
        frame[^1] = (byte)'}';
        Send(frame);
    }

    /// <summary>Who subscribed, as text: the mode and the API key or every claim of the token.</summary>
    private static string CallerKey(Auth.CallerIdentity? caller) => caller is null ? "" :
        $"{caller.Mode}\n{caller.ApiKey}\n{string.Join("\n", caller.Claims?.Claims.Select(c => $"{c.Type}={c.Value}") ?? [])}";

    private static string ErrorMessage(string? id, string errorType, string message)
    {
        var frame = new JsonObject { ["type"] = RealtimeMessageType.Error };
        if (id is not null)
        {
            frame["id"] = id;
        }

        frame["payload"] = new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["errorType"] = errorType, ["message"] = message }) };
        return frame.ToJsonString();
    }

    /// <summary>Turns each event's GraphQL response into a <c>data</c> frame for the subscription's id.</summary>
    private sealed class EventObserver(RealtimeConnection connection, string id) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) => connection.SendData(id, value);

        public void OnError(Exception error) =>
            connection.Send(ErrorMessage(id, "InternalFailure", error.Message));

        public void OnCompleted() => connection.Send(new JsonObject { ["type"] = RealtimeMessageType.Complete, ["id"] = id }.ToJsonString());
    }
}
