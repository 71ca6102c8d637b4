using Microsoft.Extensions.Time.Testing;
using Stratus.DataStore.Events;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>When a sync is a full one: the client's sync cursor, kept from run to run.</summary>
public sealed class FullSyncIntervalTests : SyncTestBase
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    [Fact]
    public async Task Delta_syncs_keep_the_last_full_sync_until_FullSyncInterval_has_passed_since_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var client = Client(o => { o.DisableSubscriptions = true; o.FullSyncInterval = TimeSpan.FromHours(24); }, time: time);
        await ServerAsync("mutation { createPost(input: {title: \"one\"}) { id } }");
        using var events = new EventWaiter(client.Store);

        await client.Store.SyncAsync();
        time.Advance(TimeSpan.FromHours(20));
        await client.Store.SyncAsync();
        time.Advance(TimeSpan.FromHours(3));
        await client.Store.SyncAsync();
        time.Advance(TimeSpan.FromHours(2));
        await client.Store.SyncAsync();
        await client.Store.SyncAsync();

        // 0 h full, 20 h and 23 h delta (a delta sync leaves the full sync's time alone), 25 h full again, then delta.
        await events.WaitForAsync<ModelSyncedEvent>(e => e.Model == "Post", count: 5);
        Assert.Equal([true, false, false, true, false], events.Events.OfType<ModelSyncedEvent>().Where(e => e.Model == "Post").Select(e => e.IsFullSync));
    }
}
