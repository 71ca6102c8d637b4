using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Server.Tests.Realtime;

/// <summary>Two server instances on one PostgreSQL database, with the LISTEN/NOTIFY backplane.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBackplaneTests(PostgresFixture postgres) : IAsyncLifetime
{
    private StratusTestServer? _a;
    private StratusTestServer? _b;

    private StratusTestServer A => _a!;

    private StratusTestServer B => _b!;

    public async Task InitializeAsync()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var schema = Path.Combine(AppContext.BaseDirectory, "Schemas", "blog.graphql");
        _a = await StratusTestServer.StartAsync(database, schema, o => o.SubscriptionBus = SubscriptionBusKind.Postgres);
        _b = await StratusTestServer.StartAsync(database, schema, o => o.SubscriptionBus = SubscriptionBusKind.Postgres);
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
}
