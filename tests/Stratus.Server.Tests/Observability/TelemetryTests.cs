using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.SyncApi;

namespace Stratus.Server.Tests.Observability;

/// <summary>Stratus's metrics reach the Prometheus endpoint with the labels operators filter on.</summary>
public sealed class TelemetryTests : SyncApiTestBase
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    protected override void Configure(Stratus.Server.Hosting.StratusOptions options)
    {
        options.Prometheus = true;
        options.ConflictHandler = Stratus.Server.Hosting.ConflictHandlerKind.Optimistic_Concurrency;
    }

    [Fact]
    public async Task Conflicts_sync_pages_resolver_latency_and_realtime_counts_are_exported()
    {
        var post = await CreatePostAsync(new { title = "t" });
        (await UpdatePostAsync(new { id = Id(post), title = "t2", _version = 1 })).Ok();
        Assert.Equal("ConflictUnhandled", (await UpdatePostAsync(new { id = Id(post), title = "stale", _version = 1 })).ErrorType);
        await SyncPostsAsync(lastSync: 0);
        await using var client = await RealtimeClient.ConnectAsync(Server.Client.BaseAddress!);
        await client.InitAsync();
        await client.StartAsync("subscription { onCreatePost { id } }");

        var text = "";
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (DateTime.UtcNow < deadline && !text.Contains("stratus_realtime_subscriptions", StringComparison.Ordinal))
        {
            text = await Server.Client.GetStringAsync("/metrics");
            await Task.Delay(200);
        }

        Assert.Contains("stratus_conflicts_total{", text, StringComparison.Ordinal);
        Assert.Contains("strategy=\"OPTIMISTIC_CONCURRENCY\"", text, StringComparison.Ordinal);
        Assert.Contains("outcome=\"rejected\"", text, StringComparison.Ordinal);
        Assert.Contains("stratus_sync_pages_total{", text, StringComparison.Ordinal);
        Assert.Contains("kind=\"base\"", text, StringComparison.Ordinal);
        Assert.Contains("stratus_resolver_duration_milliseconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("field=\"createPost\"", text, StringComparison.Ordinal);
        Assert.Contains("stratus_realtime_connections", text, StringComparison.Ordinal);
        Assert.Contains("stratus_realtime_subscriptions", text, StringComparison.Ordinal);
    }
}
