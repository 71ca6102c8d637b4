using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stratus.DataStore.Sync.Subscriptions;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>The real socket adapter against a loopback WebSocket server that drops its connections.</summary>
public sealed class ClientWebSocketConnectionTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Map("/drop", async (HttpContext context) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            // The first frame read, the connection is dropped without a close frame.
            await socket.ReceiveAsync(new byte[1024], context.RequestAborted);
            context.Abort();
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _url = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/drop");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Sends_on_a_dropped_connection_fail_as_connection_errors_not_as_cancellations()
    {
        for (var round = 0; round < 20; round++)
        {
            await using var connection = new ClientWebSocketConnection();
            await connection.ConnectAsync(_url, ["graphql-ws"], CancellationToken.None).DefaultTimeout();
            var receive = connection.ReceiveAsync(CancellationToken.None);
            Exception? failure = null;
            // Send until the drop is seen: whichever side notices first, no send may look like a cancellation.
            var clock = Stopwatch.StartNew();
            while (failure is null && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                try
                {
                    await connection.SendAsync("{\"type\":\"ka\"}", CancellationToken.None);
                }
                catch (Exception error)
                {
                    failure = error;
                }
            }

            Assert.IsType<WebSocketException>(failure);
            Assert.Null(await receive.DefaultTimeout());
        }
    }

    [Fact]
    public async Task A_send_after_the_receive_side_saw_the_drop_fails_as_a_connection_error()
    {
        await using var connection = new ClientWebSocketConnection();
        await connection.ConnectAsync(_url, ["graphql-ws"], CancellationToken.None).DefaultTimeout();
        var receive = connection.ReceiveAsync(CancellationToken.None);
        await connection.SendAsync("{\"type\":\"ka\"}", CancellationToken.None).DefaultTimeout();

        Assert.Null(await receive.DefaultTimeout());
        await Assert.ThrowsAsync<WebSocketException>(() => connection.SendAsync("{\"type\":\"ka\"}", CancellationToken.None)).DefaultTimeout();
    }
}
