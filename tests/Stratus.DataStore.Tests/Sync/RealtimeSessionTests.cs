using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Stratus.DataStore.Sync.Subscriptions;
using Stratus.DataStore.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>The client side of AppSync's real-time protocol, one rule a test, on a fake socket and a fake clock.</summary>
public sealed class RealtimeSessionTests : IAsyncDisposable
{
    private static readonly Uri Endpoint = new("wss://sync.example.com/graphql/realtime");
    private static readonly JsonObject Header = new() { ["host"] = "sync.example.com", ["x-api-key"] = "da2-key" };
    private readonly FakeRealtimeSocket _socket = new();
    private readonly FakeTimeProvider _time = new();
    private readonly List<(string Id, JsonObject Payload)> _data = [];
    private readonly RealtimeSession _session;

    public RealtimeSessionTests() => _session = new RealtimeSession(_socket, _time, TimeSpan.FromSeconds(15), NullLogger.Instance, (id, payload) => _data.Add((id, payload)));

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    private async Task OpenAsync(long? connectionTimeoutMs = 300_000)
    {
        var open = _session.OpenAsync(Endpoint, Header, CancellationToken.None);
        Assert.Equal("connection_init", (await _socket.HeardAsync())["type"]!.GetValue<string>());
        _socket.Say(new JsonObject { ["type"] = "connection_ack", ["payload"] = new JsonObject { ["connectionTimeoutMs"] = connectionTimeoutMs } });
        await open.WaitAsync(Await.Default);
    }

    [Fact]
    public async Task The_handshake_offers_graphql_ws_and_the_credentials_as_a_base64url_header_subprotocol()
    {
        await OpenAsync();

        Assert.Equal("graphql-ws", _socket.Subprotocols[0]);
        var encoded = _socket.Subprotocols[1]["header-".Length..].Replace('-', '+').Replace('_', '/');
        Assert.DoesNotContain("=", _socket.Subprotocols[1]);
        var decoded = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(encoded + new string('=', (4 - (encoded.Length % 4)) % 4))));
        Assert.Equal("da2-key", decoded!["x-api-key"]!.GetValue<string>());
    }

    [Fact]
    public async Task No_connection_ack_within_the_timeout_fails_the_open()
    {
        var open = _session.OpenAsync(Endpoint, Header, CancellationToken.None);
        await _socket.HeardAsync();

        _time.Advance(TimeSpan.FromSeconds(16));

        var error = await Assert.ThrowsAsync<RealtimeSubscriptionException>(() => open.WaitAsync(Await.Default));
        Assert.Contains("connection_ack", error.Message);
    }

    [Fact]
    public async Task A_start_carries_its_query_as_a_JSON_string_and_waits_for_its_start_ack()
    {
        await OpenAsync();
        var start = _session.SubscribeAsync("s1", "subscription operation { onCreateMemo { id } }", new JsonObject(), Header, CancellationToken.None);
        var sent = await _socket.HeardAsync();
        Assert.False(start.IsCompleted);

        _socket.Say(new JsonObject { ["type"] = "start_ack", ["id"] = "s1" });
        await start.WaitAsync(Await.Default);

        Assert.Equal(("start", "s1"), (sent["type"]!.GetValue<string>(), sent["id"]!.GetValue<string>()));
        var data = JsonNode.Parse(sent["payload"]!["data"]!.GetValue<string>())!;
        Assert.Equal("subscription operation { onCreateMemo { id } }", data["query"]!.GetValue<string>());
        Assert.Equal("da2-key", sent["payload"]!["extensions"]!["authorization"]!["x-api-key"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_start_sent_after_the_connection_ended_fails_at_once_instead_of_waiting_for_its_ack()
    {
        await OpenAsync();
        _socket.HangUp();
        await _session.Closed.WaitAsync(Await.Default);

        // The clock never moves: only the connection's end can answer this start.
        var start = _session.SubscribeAsync("s1", "subscription operation { onCreateMemo { id } }", new JsonObject(), Header, CancellationToken.None);

        var error = await Assert.ThrowsAsync<RealtimeSubscriptionException>(() => start.WaitAsync(Await.Default));
        Assert.Contains("ended", error.Message);
    }

    [Fact]
    public async Task An_error_for_a_start_fails_that_subscription_with_its_errorType()
    {
        await OpenAsync();
        var start = _session.SubscribeAsync("s1", "subscription operation { onCreateMemo { id } }", new JsonObject(), Header, CancellationToken.None);
        await _socket.HeardAsync();

        _socket.Say(JsonNode.Parse("""{"type":"error","id":"s1","payload":{"errors":[{"errorType":"Unauthorized","message":"Not Authorized to access onCreateMemo"}]}}""")!.AsObject());

        var error = await Assert.ThrowsAsync<RealtimeSubscriptionException>(() => start.WaitAsync(Await.Default));
        Assert.Equal("Unauthorized", error.ErrorType);
    }

    [Fact]
    public async Task Data_frames_reach_the_handler_with_their_subscription_id()
    {
        await OpenAsync();

        _socket.Say(JsonNode.Parse("""{"type":"data","id":"s1","payload":{"data":{"onCreateMemo":{"id":"m1"}}}}""")!.AsObject());
        _socket.Say(new JsonObject { ["type"] = "ka" });
        _socket.Say(JsonNode.Parse("""{"type":"data","id":"s2","payload":{"data":{"onDeleteMemo":{"id":"m2"}}}}""")!.AsObject());
        await Eventually(() => _data.Count == 2);

        Assert.Equal(["s1", "s2"], _data.Select(d => d.Id));
        Assert.Equal("m1", _data[0].Payload["data"]!["onCreateMemo"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Silence_past_connectionTimeoutMs_ends_the_connection_and_a_keep_alive_holds_it_open()
    {
        await OpenAsync(connectionTimeoutMs: 10_000);

        _time.Advance(TimeSpan.FromSeconds(9));
        _socket.Say(new JsonObject { ["type"] = "ka" });
        // Frames are handled in order: once this one arrived, the ka before it has reset the clock.
        _socket.Say(JsonNode.Parse("""{"type":"data","id":"s1","payload":{"data":{}}}""")!.AsObject());
        await Eventually(() => _data.Count == 1);
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(_session.Closed.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Contains("keep-alive", await _session.Closed.WaitAsync(Await.Default));
        Assert.True(_socket.Closed);
    }

    [Fact]
    public async Task A_closed_socket_ends_the_connection_and_fails_pending_starts()
    {
        await OpenAsync();
        var start = _session.SubscribeAsync("s1", "subscription operation { onCreateMemo { id } }", new JsonObject(), Header, CancellationToken.None);
        await _socket.HeardAsync();

        await _socket.CloseAsync(CancellationToken.None);

        await Assert.ThrowsAsync<RealtimeSubscriptionException>(() => start.WaitAsync(Await.Default));
        Assert.Equal("the server closed the connection", await _session.Closed.WaitAsync(Await.Default));
    }

    /// <summary>The session handles frames on its own task: wait, with a deadline, until it has.</summary>
    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Await.Default;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(5);
        }
    }
}
