using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Stratus.Server.Tests.Infrastructure;

/// <summary>How a test client presents its API key on the WebSocket handshake.</summary>
public enum HandshakeAuth
{
    Subprotocol,
    QueryString,
    PlainHeader,
    None,

    /// <summary>A JWT in the subprotocol header object's Authorization (the apiKey argument carries the token).</summary>
    Authorization,
}

/// <summary>A real <see cref="ClientWebSocket"/> speaking AppSync's real-time protocol, with a deadline on every read.</summary>
public sealed class RealtimeClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;

    private RealtimeClient(ClientWebSocket socket) => _socket = socket;

    public string? SubProtocol => _socket.SubProtocol;

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<RealtimeClient> ConnectAsync(Uri httpBase, HandshakeAuth auth = HandshakeAuth.Subprotocol, string apiKey = StratusTestServer.ApiKey)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-ws");
        var header = Base64(new JsonObject { ["host"] = httpBase.Authority, ["x-amz-date"] = "20261124T225136Z", ["x-api-key"] = apiKey });
        var uri = new UriBuilder(httpBase) { Scheme = "ws", Path = "/graphql/realtime" };
        switch (auth)
        {
            case HandshakeAuth.Subprotocol:
                socket.Options.AddSubProtocol("header-" + header);
                break;
            case HandshakeAuth.QueryString:
                // Standard base64 with padding, as older clients send it.
                var standard = Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["host"] = httpBase.Authority, ["x-api-key"] = apiKey }.ToJsonString()));
                uri.Query = "header=" + Uri.EscapeDataString(standard) + "&payload=e30=";
                break;
            case HandshakeAuth.PlainHeader:
                socket.Options.SetRequestHeader("x-api-key", apiKey);
                break;
            case HandshakeAuth.Authorization:
                socket.Options.AddSubProtocol("header-" + Base64(new JsonObject { ["host"] = httpBase.Authority, ["Authorization"] = apiKey }));
                break;
        }

        await socket.ConnectAsync(uri.Uri, CancellationToken.None).DefaultTimeout();
        return new RealtimeClient(socket);
    }

    public static string Base64(JsonObject json) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(json.ToJsonString()));

    public Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).DefaultTimeout();

    public Task SendAsync(JsonObject message) => SendAsync(message.ToJsonString());

    /// <summary>The next message, or null when the server closed the socket.</summary>
    public async Task<JsonObject?> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, CancellationToken.None).DefaultTimeout();
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray())!.AsObject();
            }
        }
    }

    /// <summary>The next message other than a keep-alive; fails if it is not of <paramref name="type"/>.</summary>
    public async Task<JsonObject> ExpectAsync(string type, string? id = null)
    {
        JsonObject? message;
        do
        {
            message = await ReceiveAsync();
        }
        while (message?["type"]?.GetValue<string>() == "ka" && type != "ka");

        if (message is null)
        {
            throw new InvalidOperationException($"Expected '{type}', but the server closed the socket.");
        }

        if (message["type"]?.GetValue<string>() != type || (id is not null && message["id"]?.GetValue<string>() != id))
        {
            throw new InvalidOperationException($"Expected '{type}'{(id is null ? "" : $" for {id}")}, got {message.ToJsonString()}");
        }

        return message;
    }

    public async Task InitAsync()
    {
        await SendAsync("""{"type":"connection_init"}""");
        await ExpectAsync("connection_ack");
    }

    /// <summary>Starts a subscription exactly as amplify-js frames it (payload.data is a JSON string).</summary>
    public async Task<string> StartAsync(string query, object? variables = null, string apiKey = StratusTestServer.ApiKey, string? id = null, bool expectAck = true)
    {
        id ??= Guid.NewGuid().ToString();
        var data = JsonSerializer.Serialize(new { query, variables = variables ?? new { } });
        await SendAsync(new JsonObject
        {
            ["id"] = id,
            ["payload"] = new JsonObject
            {
                ["data"] = data,
                ["extensions"] = apiKey.Length == 0
                    ? new JsonObject()
                    : new JsonObject { ["authorization"] = new JsonObject { ["host"] = "127.0.0.1", ["x-api-key"] = apiKey, ["x-amz-user-agent"] = "aws-amplify/6.22.1 datastore/1" } },
            },
            ["type"] = "start",
        });
        if (expectAck)
        {
            await ExpectAsync("start_ack", id);
        }

        return id;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }
}
