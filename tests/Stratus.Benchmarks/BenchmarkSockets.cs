using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Stratus.Benchmarks;

/// <summary>Plain AppSync real-time clients for the benchmarks: connect with an API key, start subscriptions, read frames.</summary>
internal static class BenchmarkSockets
{
    /// <summary>A connection to <paramref name="server"/> (any URL of it) with <paramref name="subscriptions"/> starts of <paramref name="query"/>, all acknowledged.</summary>
    public static async Task<ClientWebSocket> OpenAsync(Uri server, string apiKey, string query, int subscriptions)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-ws");
        socket.Options.AddSubProtocol("header-" + WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(new JsonObject { ["x-api-key"] = apiKey }.ToJsonString())));
        await socket.ConnectAsync(new UriBuilder(server) { Scheme = "ws", Path = "/graphql/realtime" }.Uri, CancellationToken.None);
        await SendAsync(socket, """{"type":"connection_init"}""");
        await ReceiveAsync(socket);
        var data = JsonSerializer.Serialize(new { query, variables = new { } });
        for (var s = 0; s < subscriptions; s++)
        {
            await SendAsync(socket, new JsonObject { ["id"] = $"s{s}", ["type"] = "start", ["payload"] = new JsonObject { ["data"] = data } }.ToJsonString());
        }

        for (var s = 0; s < subscriptions; s++)
        {
            var ack = await ReceiveAsync(socket);
            if (!ack.Contains("start_ack", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Expected start_ack, got " + ack);
            }
        }

        return socket;
    }

    public static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next frame's text; a close from the server is a <see cref="WebSocketException"/>.</summary>
    public static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("closed");
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }
}
