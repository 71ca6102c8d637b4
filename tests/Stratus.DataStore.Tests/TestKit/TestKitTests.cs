using System.Diagnostics;
using System.Text.Json.Nodes;
using Stratus.DataStore.Api;
using Stratus.DataStore.Sync.Conflicts;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;
using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Testing.Faults;
using StratusTestServer = Stratus.Testing.StratusTestServer;
using StratusTestServerOptions = Stratus.Testing.StratusTestServerOptions;

namespace Stratus.DataStore.Tests.TestKit;

/// <summary>
/// The Stratus.Testing kit as an app team uses it: a server started from schema text, the .NET DataStore pointed at
/// its amplifyconfiguration.json, and each fault the kit injects met by the real client; once on the kit's own
/// SQLite file, once on a PostgreSQL database named by connection string.
/// </summary>
public abstract class TestKitTests : IAsyncLifetime
{
    private static readonly string Schema = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schema.graphql"));
    private readonly List<TempStore> _clients = [];
    private StratusTestServer _server = null!;

    private ConflictHandlerKind _strategy = ConflictHandlerKind.Automerge;

    /// <summary>The server's database: null for the kit's default (a temporary SQLite file).</summary>
    protected abstract Task<string?> DatabaseAsync();

    public async Task InitializeAsync() =>
        _server = await StratusTestServer.StartAsync(Schema, new StratusTestServerOptions { ConflictHandler = _strategy, Database = await DatabaseAsync() });

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_amplifyconfiguration_it_hands_out_points_a_client_at_the_server()
    {
        var client = await ClientAsync();
        var post = await client.Store.SaveAsync(new Post { Title = "hello", Rating = 1 });

        var summary = await client.Store.SyncAsync();

        Assert.Equal(1, summary.Sent);
        var stored = (await _server.GetAsync("Post", new JsonObject { ["id"] = post.Id }))!;
        Assert.Equal(("hello", 1), (stored["title"]!.GetValue<string>(), stored["_version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Failing_the_next_mutations_as_unauthorized_leaves_the_change_failed_in_the_outbox()
    {
        var client = await ClientAsync();
        _server.Faults.FailNextMutations("Post", 1, ServerFaults.Unauthorized);
        var post = await client.Store.SaveAsync(new Post { Title = "refused" });

        var summary = await client.Store.SyncAsync();

        Assert.Equal(1, summary.Failed);
        var failed = Assert.Single(await client.Store.GetFailedMutationsAsync());
        Assert.Equal(post.Id, failed.ModelId);
        Assert.Null(await _server.GetAsync("Post", new JsonObject { ["id"] = post.Id }));
        Assert.Equal(0, _server.Faults.PendingMutationFailures("Post"));
    }

    [Fact]
    public async Task A_throttled_mutation_is_retried_and_lands_once()
    {
        var client = await ClientAsync();
        _server.Faults.FailNextMutations("Post", 1, ServerFaults.Throttled);
        var post = await client.Store.SaveAsync(new Post { Title = "throttled" });

        var summary = await client.Store.SyncAsync();

        Assert.Equal((1, 0), (summary.Sent, summary.Failed));
        Assert.Equal(1, (await _server.GetAsync("Post", new JsonObject { ["id"] = post.Id }))!["_version"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_injected_conflict_hands_the_clients_handler_the_servers_item()
    {
        var conflicts = new List<SyncConflict>();
        var client = await ClientAsync(o => o.ConflictHandler = (conflict, _) =>
        {
            conflicts.Add(conflict);
            return ValueTask.FromResult(ConflictResolution.Discard);
        });
        var post = await client.Store.SaveAsync(new Post { Title = "first", Rating = 1 });
        await client.Store.SyncAsync();
        post.Title = "second";
        await client.Store.SaveAsync(post);
        _server.Faults.FailNextMutations("Post", 1, ServerFaults.ConflictUnhandled);

        await client.Store.SyncAsync();

        var conflict = Assert.Single(conflicts);
        Assert.Equal(("first", 1), (conflict.Remote["title"]!.GetValue<string>(), conflict.Remote["_version"]!.GetValue<int>()));
        Assert.Equal("second", conflict.Local["title"]!.GetValue<string>());
        Assert.Equal("first", (await client.Store.QueryAsync<Post>(post.Id))!.Title);
    }

    [Fact]
    public async Task A_change_behind_the_clients_back_meets_its_next_write_as_a_conflict()
    {
        await _server.DisposeAsync();
        _strategy = ConflictHandlerKind.Optimistic_Concurrency;
        await InitializeAsync();
        var conflicts = new List<SyncConflict>();
        var client = await ClientAsync(o => o.ConflictHandler = (conflict, _) =>
        {
            conflicts.Add(conflict);
            return ValueTask.FromResult(ConflictResolution.Retry());
        });
        var post = await client.Store.SaveAsync(new Post { Title = "mine", Rating = 1 });
        await client.Store.SyncAsync();

        var changed = await _server.ChangeBehindClientAsync("Post", new JsonObject { ["id"] = post.Id, ["rating"] = 9 });
        post.Title = "edited";
        await client.Store.SaveAsync(post);
        await client.Store.SyncAsync();

        Assert.Equal(2, changed["_version"]!.GetValue<int>());
        var conflict = Assert.Single(conflicts);
        Assert.Equal((9, 2), (conflict.Remote["rating"]!.GetValue<int>(), conflict.Remote["_version"]!.GetValue<int>()));
        var stored = (await _server.GetAsync("Post", new JsonObject { ["id"] = post.Id }))!;
        Assert.Equal(("edited", 3), (stored["title"]!.GetValue<string>(), stored["_version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task While_offline_the_client_keeps_its_changes_and_sends_them_once_back_online()
    {
        var client = await ClientAsync();
        var post = await client.Store.SaveAsync(new Post { Title = "offline" });

        using (_server.Faults.GoOffline())
        {
            await Assert.ThrowsAsync<Stratus.DataStore.Exceptions.ServerUnreachableException>(() => client.Store.SyncAsync());
            Assert.Single(await client.Store.GetPendingMutationsAsync());
        }

        var summary = await client.Store.SyncAsync();
        Assert.Equal(1, summary.Sent);
        Assert.Empty(await client.Store.GetPendingMutationsAsync());
        Assert.NotNull(await _server.GetAsync("Post", new JsonObject { ["id"] = post.Id }));
    }

    [Fact]
    public async Task Dropped_realtime_connections_are_reopened_and_changes_arrive_live_again()
    {
        var client = await ClientAsync();
        var post = await client.Store.SaveAsync(new Post { Title = "live", Rating = 1 });
        await client.Store.StartAsync();
        // Live: connected, synced, and the queued save sent.
        await Eventually(async () => _server.Faults.RealtimeConnections == 1 && await _server.GetAsync("Post", new JsonObject { ["id"] = post.Id }) is not null);

        Assert.Equal(1, _server.Faults.DropRealtimeConnections());
        await Eventually(() => Task.FromResult(_server.Faults.RealtimeConnections == 1));
        await _server.ChangeBehindClientAsync("Post", new JsonObject { ["id"] = post.Id, ["rating"] = 7 });

        await Eventually(async () => (await client.Store.QueryAsync<Post>(post.Id))?.Rating == 7);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(60)]
    public async Task A_connection_dropped_while_the_client_is_still_connecting_or_syncing_is_reopened(int afterMs)
    {
        var client = await ClientAsync();
        var post = await client.Store.SaveAsync(new Post { Title = "early", Rating = 1 });
        await client.Store.StartAsync();
        // The drop comes as soon as the connection is seen (during the handshake, the subscriptions or the first sync).
        var deadline = Stopwatch.StartNew();
        while (_server.Faults.RealtimeConnections == 0)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "the client never connected");
            await Task.Delay(1);
        }

        await Task.Delay(afterMs);
        _server.Faults.DropRealtimeConnections();
        await Eventually(async () => _server.Faults.RealtimeConnections == 1 && await _server.GetAsync("Post", new JsonObject { ["id"] = post.Id }) is not null);
        await _server.ChangeBehindClientAsync("Post", new JsonObject { ["id"] = post.Id, ["rating"] = 7 });

        await Eventually(async () => (await client.Store.QueryAsync<Post>(post.Id))?.Rating == 7);
    }

    [Fact]
    public async Task Latency_delays_every_request_by_at_least_the_amount_set()
    {
        _server.Faults.Latency = TimeSpan.FromMilliseconds(300);
        var watch = Stopwatch.StartNew();

        var response = await _server.ExecuteAsync("{ listPosts { items { id } } }");

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(300), $"answered after {watch.Elapsed}");
        Assert.NotNull(response["data"]?["listPosts"]);
    }

    [Fact]
    public async Task Tokens_for_named_users_with_groups_are_accepted_under_owner_and_group_rules()
    {
        const string schema = """
            type Diary @model @auth(rules: [{ allow: owner }, { allow: groups, groups: ["Admins"] }]) {
              id: ID!
              text: String!
            }
            """;
        await using var server = await StratusTestServer.StartAsync(schema);
        var alice = server.CreateToken("alice");
        var bob = server.CreateToken("bob");
        var admin = server.CreateToken("carol", "Admins");

        var created = await server.ExecuteAsync("mutation { createDiary(input: {text: \"dear diary\"}) { id owner } }", token: alice);
        var id = created["data"]!["createDiary"]!["id"]!.GetValue<string>();
        var key = new JsonObject { ["id"] = id };

        Assert.StartsWith("alice", created["data"]!["createDiary"]!["owner"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(await server.GetAsync("Diary", key, alice));
        Assert.Null(await server.GetAsync("Diary", key, bob));
        Assert.NotNull(await server.GetAsync("Diary", key, admin));
        var anonymous = await server.ExecuteAsync("{ listDiaries { items { id } } }");
        Assert.Equal("Unauthorized", anonymous["errors"]![0]!["errorType"]!.GetValue<string>());
    }

    private async Task<TempStore> ClientAsync(Action<Stratus.DataStore.Configuration.DataStoreOptions>? configure = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"amplifyconfiguration-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, _server.AmplifyConfiguration);
        var client = TempStore.Create(configure: o =>
        {
            o.AppSync = AppSyncSettings.Load(file);
            o.DisableSubscriptions = false;
            o.Retry.MaxAttempts = 3;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
            o.Retry.ReconnectBaseDelay = TimeSpan.FromMilliseconds(100);
            o.Retry.MaxReconnectDelay = TimeSpan.FromMilliseconds(400);
            configure?.Invoke(o);
        });
        File.Delete(file);
        _clients.Add(client);
        return client;
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(50);
        }
    }
}

public sealed class SqliteTestKitTests : TestKitTests
{
    protected override Task<string?> DatabaseAsync() => Task.FromResult<string?>(null);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTestKitTests(PostgresFixture postgres) : TestKitTests
{
    protected override async Task<string?> DatabaseAsync() => await postgres.Server.CreateDatabaseAsync();
}
