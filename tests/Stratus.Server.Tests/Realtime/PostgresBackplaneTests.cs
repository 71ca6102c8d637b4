using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Server.Tests.Realtime;

/// <summary>Two server instances on one PostgreSQL database, with the LISTEN/NOTIFY backplane.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBackplaneTests(PostgresFixture postgres) : IAsyncLifetime
{
    private string _database = "";
    private StratusTestServer? _a;
    private StratusTestServer? _b;

    private StratusTestServer A => _a!;

    private StratusTestServer B => _b!;

    public async Task InitializeAsync()
    {
        _database = await postgres.Server.CreateDatabaseAsync();
        var schema = Path.Combine(AppContext.BaseDirectory, "Schemas", "blog.graphql");
        _a = await StratusTestServer.StartAsync(_database, schema, o => o.SubscriptionBus = SubscriptionBusKind.Postgres);
        _b = await StratusTestServer.StartAsync(_database, schema, o => o.SubscriptionBus = SubscriptionBusKind.Postgres);
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new[] { _a, _b }.OfType<StratusTestServer>())
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_subscriber_on_one_instance_receives_a_write_made_through_the_other_exactly_once()
    {
        await using var client = await RealtimeClient.ConnectAsync(A.Client.BaseAddress!);
        await client.InitAsync();
        var id = await client.StartAsync("subscription { onCreatePost { title } }");

        (await B.PostAsync("mutation { createPost(input: {title: \"first\"}) { id } }")).Ok();
        var first = await client.ExpectAsync("data", id);
        (await A.PostAsync("mutation { createPost(input: {title: \"second\"}) { id } }")).Ok();
        var second = await client.ExpectAsync("data", id);

        // Had the first write been delivered twice, the duplicate would have arrived before "second".
        Assert.Equal("first", first["payload"]!["data"]!["onCreatePost"]!["title"]!.GetValue<string>());
        Assert.Equal("second", second["payload"]!["data"]!["onCreatePost"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_item_too_large_for_notify_is_read_back_by_key()
    {
        await using var client = await RealtimeClient.ConnectAsync(A.Client.BaseAddress!);
        await client.InitAsync();
        var id = await client.StartAsync("subscription { onCreatePost { id title _version } }");
        var title = new string('x', 20_000);

        var created = (await B.PostAsync("mutation($t: String!) { createPost(input: {title: $t}) { id } }", new { t = title })).Ok().Data("createPost")!;

        var data = (await client.ExpectAsync("data", id))["payload"]!["data"]!["onCreatePost"]!;
        Assert.Equal(created["id"]!.GetValue<string>(), data["id"]!.GetValue<string>());
        Assert.Equal(title, data["title"]!.GetValue<string>());
        Assert.Equal(1, data["_version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Events_committed_while_the_listeners_are_cut_off_reach_every_subscriber_once_and_in_order()
    {
        var subscribers = new List<(RealtimeClient Client, string Created, string Updated)>();
        foreach (var server in new[] { A, B })
        {
            var client = await RealtimeClient.ConnectAsync(server.Client.BaseAddress!);
            await client.InitAsync();
            subscribers.Add((client, await client.StartAsync("subscription { onCreatePost { id _version } }"), await client.StartAsync("subscription { onUpdatePost { id _version } }")));
        }

        try
        {
            var id = (await A.PostAsync("mutation { createPost(input: {title: \"v1\"}) { id } }")).Ok().Data("createPost")!["id"]!.GetValue<string>();
            for (var version = 1; version < 4; version++)
            {
                await UpdateAsync(version % 2 == 0 ? A : B, id, version);
            }

            // Both listeners lose their connection; writes go on through both servers while they are away.
            Assert.Equal(2, await TerminateListenersAsync());
            for (var version = 4; version < 9; version++)
            {
                await UpdateAsync(version % 2 == 0 ? A : B, id, version);
            }

            await ReconnectListenersAsync();
            for (var version = 9; version < 11; version++)
            {
                await UpdateAsync(version % 2 == 0 ? A : B, id, version);
            }

            foreach (var (client, created, updated) in subscribers)
            {
                var versions = new List<int>();
                Assert.Equal(1, (await client.ExpectAsync("data", created))["payload"]!["data"]!["onCreatePost"]!["_version"]!.GetValue<int>());
                while (versions.Count < 10)
                {
                    versions.Add((await client.ExpectAsync("data", updated))["payload"]!["data"]!["onUpdatePost"]!["_version"]!.GetValue<int>());
                }

                Assert.Equal(Enumerable.Range(2, 10), versions);
            }
        }
        finally
        {
            foreach (var (client, _, _) in subscribers)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Concurrent_writes_through_both_instances_reach_a_subscriber_exactly_once_across_a_lost_listener()
    {
        await using var client = await RealtimeClient.ConnectAsync(A.Client.BaseAddress!);
        await client.InitAsync();
        var subscription = await client.StartAsync("subscription { onCreatePost { id } }");
        var created = new List<string>();
        async Task CreateManyAsync(string round) => created.AddRange(await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
            (await (i % 2 == 0 ? A : B).PostAsync("mutation($t: String!) { createPost(input: {title: $t}) { id } }", new { t = $"{round} {i}" }))
                .Ok().Data("createPost")!["id"]!.GetValue<string>())));

        // Writers of one model commit concurrently, so their change stamps need not follow commit order.
        await CreateManyAsync("before");
        Assert.Equal(2, await TerminateListenersAsync());
        await CreateManyAsync("while away");
        await ReconnectListenersAsync();
        await CreateManyAsync("after");
        var last = (await B.PostAsync("mutation { createPost(input: {title: \"last\"}) { id } }")).Ok().Data("createPost")!["id"]!.GetValue<string>();

        var received = new List<string>();
        while (received.LastOrDefault() != last)
        {
            received.Add((await client.ExpectAsync("data", subscription))["payload"]!["data"]!["onCreatePost"]!["id"]!.GetValue<string>());
        }

        // Each write once (a duplicate would have come before the last one, written after all of them).
        Assert.Equal(created.Append(last).Order(), received.Order());
    }

    private static async Task UpdateAsync(StratusTestServer server, string id, int version) =>
        (await server.PostAsync("mutation($id: ID!, $v: Int!) { updatePost(input: {id: $id, title: \"next\", _version: $v}) { id } }", new { id, v = version })).Ok();

    private async Task<int> ListenersAsync(string action)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"SELECT count({action}) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<int> TerminateListenersAsync() => ListenersAsync("pg_terminate_backend(pid)");

    /// <summary>The listeners wait a second (on the servers' fake clocks) before reconnecting: move the clocks until both are back.</summary>
    private async Task ReconnectListenersAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ListenersAsync("*") < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "The listeners did not reconnect.");
            A.Time.Advance(TimeSpan.FromSeconds(1));
            B.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
    }
}
