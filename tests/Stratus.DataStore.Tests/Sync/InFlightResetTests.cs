using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>Changes a process was sending when it stopped: the next sync sends them again, in order.</summary>
public sealed class InFlightResetTests : SyncTestBase
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    [Fact]
    public async Task Changes_left_in_flight_are_all_sent_by_the_next_sync()
    {
        var client = Client(o => o.DisableSubscriptions = true);
        var first = await client.Store.SaveAsync(new Post { Title = "first" });
        var second = await client.Store.SaveAsync(new Post { Title = "second" });
        // As a process leaves them when it stops while sending.
        await client.MarkOutboxInFlightAsync();

        var summary = await client.Store.SyncAsync();

        Assert.Equal(2, summary.Sent);
        Assert.Equal("first", (await ServerPostAsync(first.Id))!["title"]!.GetValue<string>());
        Assert.Equal("second", (await ServerPostAsync(second.Id))!["title"]!.GetValue<string>());
        Assert.Empty(await client.OutboxAsync());
    }
}
