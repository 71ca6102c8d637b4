using Stratus.Schema.AppSync.Errors;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.SyncApi;

namespace Stratus.Server.Tests.Realtime;

/// <summary>AppSync's real-time protocol over a real ClientWebSocket on loopback.</summary>
public sealed class RealtimeTests : SyncApiTestBase
{
    private const string OnCreate = "subscription operation { onCreatePost { id title rating _version _lastChangedAt _deleted } }";

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    protected override void Configure(Stratus.Server.Hosting.StratusOptions options) => options.MaxSubscriptionsPerConnection = 4;

    private Task<RealtimeClient> ConnectAsync(HandshakeAuth auth = HandshakeAuth.Subprotocol, string apiKey = StratusTestServer.ApiKey) =>
        RealtimeClient.ConnectAsync(Server.Client.BaseAddress!, auth, apiKey);

    [Theory]
    [InlineData(HandshakeAuth.Subprotocol)]
    [InlineData(HandshakeAuth.QueryString)]
    [InlineData(HandshakeAuth.PlainHeader)]
    public async Task Handshake_selects_graphql_ws_and_acks_with_the_connection_timeout(HandshakeAuth auth)
    {
        await using var client = await ConnectAsync(auth);

        await client.SendAsync("""{"type":"connection_init"}""");
        var ack = await client.ExpectAsync("connection_ack");

        Assert.Equal("graphql-ws", client.SubProtocol);
        Assert.Equal(300000, ack["payload"]!["connectionTimeoutMs"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(HandshakeAuth.Subprotocol, "da2-wrong")]
    [InlineData(HandshakeAuth.None, StratusTestServer.ApiKey)]
    public async Task A_wrong_or_missing_key_gets_connection_error_and_a_close(HandshakeAuth auth, string key)
    {
        await using var client = await ConnectAsync(auth, key);

        await client.SendAsync("""{"type":"connection_init"}""");
        var error = await client.ExpectAsync("connection_error");

        var first = error["payload"]!["errors"]![0]!;
        Assert.Equal("UnauthorizedException", first["errorType"]!.GetValue<string>());
        Assert.Equal(401, first["errorCode"]!.GetValue<int>());
        Assert.Null(await client.ReceiveAsync());
    }

    [Fact]
    public async Task Keep_alives_follow_the_clock()
    {
        await using var client = await ConnectAsync();
        await client.InitAsync();

        Server.Time.Advance(TimeSpan.FromSeconds(30));

        await client.ExpectAsync("ka");
    }

    [Fact]
    public async Task Subscriptions_sent_alike_share_one_answer_and_others_keep_their_own()
    {
        await using var first = await ConnectAsync();
        await using var second = await ConnectAsync();
        await first.InitAsync();
        await second.InitAsync();
        var a = await first.StartAsync(OnCreate);
        var b = await second.StartAsync(OnCreate);
        var titles = await second.StartAsync("subscription { onCreatePost { title } }");
        var rated = await first.StartAsync("subscription($f: ModelSubscriptionPostFilterInput) { onCreatePost(filter: $f) { id rating } }", new { f = new { rating = new { gt = 5 } } });

        await CreatePostAsync(new { title = "low", rating = 1 });
        await CreatePostAsync(new { title = "high", rating = 9 });

        var fromA = new[] { await first.ExpectAsync("data", a), await first.ExpectAsync("data", a) };
        var fromRated = await first.ExpectAsync("data", rated);
        var fromSecond = new List<JsonObject>();
        for (var i = 0; i < 4; i++)
        {
            fromSecond.Add(await second.ExpectAsync("data"));
        }

        // Each frame carries its own subscription's id around the same answer.
        Assert.Equal(fromA.Select(f => f["payload"]!.ToJsonString()), fromSecond.Where(f => f["id"]!.GetValue<string>() == b).Select(f => f["payload"]!.ToJsonString()));
        Assert.Equal(["low", "high"], fromSecond.Where(f => f["id"]!.GetValue<string>() == titles).Select(f => f["payload"]!["data"]!["onCreatePost"]!.AsObject().Single().Value!.GetValue<string>()));
        Assert.Equal(9, fromRated["payload"]!["data"]!["onCreatePost"]!["rating"]!.GetValue<int>());
        Assert.Equal(["id", "rating"], fromRated["payload"]!["data"]!["onCreatePost"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Create_update_and_delete_each_reach_their_subscription_shaped_by_its_selection()
    {
        await using var client = await ConnectAsync();
        await client.InitAsync();
        var onCreate = await client.StartAsync(OnCreate);
        var onUpdate = await client.StartAsync("subscription { onUpdatePost { id title } }");
        var onDelete = await client.StartAsync("subscription { onDeletePost { id _deleted _version } }");

        var post = await CreatePostAsync(new { title = "live", rating = 3 });
        var created = (await client.ExpectAsync("data", onCreate))["payload"]!["data"]!["onCreatePost"]!;
        (await UpdatePostAsync(new { id = Id(post), title = "edited", _version = 1 })).Ok();
        var updated = (await client.ExpectAsync("data", onUpdate))["payload"]!["data"]!["onUpdatePost"]!;
        (await DeletePostAsync(new { id = Id(post), _version = 2 })).Ok();
        var deleted = (await client.ExpectAsync("data", onDelete))["payload"]!["data"]!["onDeletePost"]!;

        Assert.Equal(post.ToJsonString(), new JsonObject
        {
            ["id"] = Id(post), ["title"] = "live", ["status"] = null, ["rating"] = 3, ["score"] = null, ["published"] = null,
            ["tags"] = null, ["counts"] = null, ["meta"] = null, ["email"] = null, ["publishedOn"] = null, ["address"] = null,
            ["createdAt"] = post["createdAt"]!.GetValue<string>(), ["updatedAt"] = post["updatedAt"]!.GetValue<string>(),
            ["_version"] = 1, ["_deleted"] = null, ["_lastChangedAt"] = post["_lastChangedAt"]!.GetValue<long>(),
        }.ToJsonString());
        Assert.Equal($$"""{"id":"{{Id(post)}}","title":"live","rating":3,"_version":1,"_lastChangedAt":{{post["_lastChangedAt"]}},"_deleted":null}""", created.ToJsonString());
        Assert.Equal($$"""{"id":"{{Id(post)}}","title":"edited"}""", updated.ToJsonString());
        Assert.Equal($$"""{"id":"{{Id(post)}}","_deleted":true,"_version":3}""", deleted.ToJsonString());
    }

    [Fact]
    public async Task Filters_decide_which_events_arrive()
    {
        await using var client = await ConnectAsync();
        await client.InitAsync();
        var high = await client.StartAsync("subscription($f: ModelSubscriptionPostFilterInput) { onCreatePost(filter: $f) { title } }", new { f = new { rating = new { gt = 5 } } });
        var chosen = await client.StartAsync("subscription($f: ModelSubscriptionPostFilterInput) { onCreatePost(filter: $f) { title } }", new { f = new { title = new { @in = new[] { "b", "c" } }, rating = new { notIn = new[] { 3 } } } });

        foreach (var (title, rating) in new[] { ("a", 9), ("b", 1), ("c", 3), ("d", 1), ("e", 7) })
        {
            await CreatePostAsync(new { title, rating });
        }

        var received = new List<(string Id, string Title)>();
        for (var i = 0; i < 3; i++)
        {
            var data = await client.ExpectAsync("data");
            received.Add((data["id"]!.GetValue<string>(), data["payload"]!["data"]!["onCreatePost"]!["title"]!.GetValue<string>()));
        }

        Assert.Equal([(high, "a"), (chosen, "b"), (high, "e")], received);
    }

    [Fact]
    public async Task Stop_completes_and_no_more_data_follows()
    {
        await using var client = await ConnectAsync();
        await client.InitAsync();
        var stopped = await client.StartAsync(OnCreate);
        var kept = await client.StartAsync("subscription { onCreatePost { title } }");

        await client.SendAsync($$"""{"type":"stop","id":"{{stopped}}"}""");
        await client.ExpectAsync("complete", stopped);
        await CreatePostAsync(new { title = "after stop" });

        var next = await client.ExpectAsync("data");
        Assert.Equal(kept, next["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Failed_and_rejected_writes_publish_nothing_and_merges_publish_the_merged_item()
    {
        await using var client = await ConnectAsync();
        await client.InitAsync();
        var updates = await client.StartAsync("subscription { onUpdatePost { title tags _version } }");
        var post = await CreatePostAsync(new { id = "m", title = "server", tags = new[] { "a" } });
        (await UpdatePostAsync(new { id = "m", title = "server", _version = 1 })).Ok();
        var first = await client.ExpectAsync("data", updates);

        Assert.Equal("ConditionalCheckFailedException", (await UpdatePostAsync(new { id = "m", title = "x", _version = 2 }, new { rating = new { eq = 99 } })).ErrorType);
        Assert.Equal("Unauthorized", (await UpdatePostAsync(new { id = "missing", title = "x", _version = 1 })).ErrorType);
        (await UpdatePostAsync(new { id = "m", title = "stale", tags = new[] { "b" }, _version = 1 })).Ok();

        var merged = (await client.ExpectAsync("data", updates))["payload"]!["data"]!["onUpdatePost"]!;
        Assert.Equal(2, first["payload"]!["data"]!["onUpdatePost"]!["_version"]!.GetValue<int>());
        Assert.Equal("""{"title":"server","tags":["a","b"],"_version":3}""", merged.ToJsonString());
        Assert.Equal("m", Id(post));
    }

    [Fact]
    public async Task Malformed_messages_get_errors_and_the_connection_keeps_working()
    {
        await using var client = await ConnectAsync();
        await client.InitAsync();

        await client.SendAsync("this is not json");
        Assert.Equal("BadRequestException", ErrorType(await client.ExpectAsync("error")));
        await client.SendAsync("""{"type":"subscribe","id":"x"}""");
        Assert.Equal("UnsupportedOperation", ErrorType(await client.ExpectAsync("error", "x")));
        await client.SendAsync("""{"type":"start","id":"s1","payload":{"data":{"query":"subscription { onCreatePost { id } }"}}}""");
        Assert.Equal("BadRequestException", ErrorType(await client.ExpectAsync("error", "s1")));
        await client.StartAsync("subscription { onCreatePost { nope } }", id: "bad-query", expectAck: false);
        Assert.Equal("ValidationError", ErrorType(await client.ExpectAsync("error", "bad-query")));
        await client.StartAsync("{ listPosts { items { id } } }", id: "not-a-subscription", expectAck: false);
        Assert.Equal("UnsupportedOperation", ErrorType(await client.ExpectAsync("error", "not-a-subscription")));
        await client.StartAsync(OnCreate, apiKey: "da2-wrong", id: "wrong-key", expectAck: false);
        Assert.Equal("Unauthorized", ErrorType(await client.ExpectAsync("error", "wrong-key")));
        var ok = await client.StartAsync(OnCreate, id: "dup");
        await client.StartAsync(OnCreate, id: "dup", expectAck: false);
        Assert.Equal("DuplicatedOperationError", ErrorType(await client.ExpectAsync("error", "dup")));

        await CreatePostAsync(new { title = "still alive" });
        Assert.Equal(ok, (await client.ExpectAsync("data"))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Odd_frames_get_errors_and_a_start_cannot_run_a_mutation()
    {
        await using var client = await ConnectAsync();
        await client.InitAsync();

        await client.SendAsync("""{"type":"start","id":"arr","payload":{"data":"{\"query\":\"subscription{onCreatePost{id}}\"}","extensions":[]}}""");
        Assert.Equal("start_ack", (await client.ReceiveAsync())!["type"]!.GetValue<string>());
        await client.SendAsync("""{"type":"ka","type":"start","id":"dupkeys"}""");
        Assert.Equal("error", (await client.ExpectAsync("error"))["type"]!.GetValue<string>());
        await client.StartAsync("mutation { createPost(input: {title: \"sneaky\"}) { id } }", id: "mutation", expectAck: false);
        Assert.Equal("UnsupportedOperation", ErrorType(await client.ExpectAsync("error", "mutation")));

        Assert.Empty((await Server.PostAsync("{ listPosts { items { id } } }")).Ok().Data("listPosts")!["items"]!.AsArray());
        await CreatePostAsync(new { title = "after" });
        Assert.Equal("arr", (await client.ExpectAsync("data"))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_raw_plus_of_standard_base64_in_the_query_string_still_authenticates()
    {
        // Find a header whose standard base64 holds a '+', and send it unescaped, as older clients do.
        string encoded;
        var n = 0;
        do
        {
            encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["host"] = $"h{n++}~>?", ["x-api-key"] = StratusTestServer.ApiKey }.ToJsonString()));
        }
        while (!encoded.Contains('+', StringComparison.Ordinal));

        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-ws");
        var uri = new UriBuilder(Server.Client.BaseAddress!) { Scheme = "ws", Path = "/graphql/realtime", Query = "header=" + encoded + "&payload=e30=" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        await socket.SendAsync("{\"type\":\"connection_init\"}"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None).DefaultTimeout();

        Assert.Contains("connection_ack", System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_subscriptions_on_one_connection_are_refused()
    {
        await using var client = await ConnectAsync();
        await client.InitAsync();
        for (var i = 0; i < 4; i++)
        {
            await client.StartAsync(OnCreate);
        }

        await client.StartAsync(OnCreate, id: "fifth", expectAck: false);

        Assert.Equal("MaxSubscriptionsReachedError", ErrorType(await client.ExpectAsync("error", "fifth")));
    }

    [Fact]
    public async Task A_connection_that_never_initializes_is_closed()
    {
        await using var client = await ConnectAsync();

        Server.Time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal("ConnectionInitTimeout", ErrorType(await client.ExpectAsync("error")));
        Assert.Null(await client.ReceiveAsync());
    }

    [Fact]
    public async Task Subscriptions_over_http_are_refused()
    {
        var response = await Server.PostAsync("subscription { onCreatePost { id } }");

        Assert.Equal("UnsupportedOperation", response.ErrorType);
    }

    [Fact]
    public async Task Shutdown_sends_a_close_frame()
    {
        var client = await ConnectAsync();
        await client.InitAsync();

        await DisposeAsync();

        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
        await client.DisposeAsync();
    }

    private static string ErrorType(JsonObject message) => message["payload"]!["errors"]![0]!["errorType"]!.GetValue<string>();
}
