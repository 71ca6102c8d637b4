using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Stratus.Server.Storage;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Server.Tests.SyncApi;

/// <summary>
/// PostgreSQL runs the writers of one model concurrently. A write whose transaction is held open must neither
/// hold up the writes of other items nor be skipped by delta sync: a sync that starts meanwhile waits for it before
/// taking its <c>startedAt</c>, so the held write is in that sync or the next one.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ConcurrentWriterTests(PostgresFixture postgres) : SyncApiTestBase
{
    private string _database = "";

    protected override async Task<string> CreateDatabaseAsync() => _database = await postgres.Server.CreateDatabaseAsync();

    [Fact]
    public async Task Writes_of_other_items_commit_while_one_is_held_and_no_delta_sync_skips_the_held_write()
    {
        var held = await CreatePostAsync(new { title = "held" });
        var lastSync = (await SyncPostsAsync(lastSync: 0))["startedAt"]!.GetValue<long>();
        var store = Server.Services.GetRequiredService<ItemStore>();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var now = DateTimeOffset.UtcNow;
        // The decision runs inside the write's transaction, with the item locked: holding it holds the transaction open.
        var heldWrite = Task.Run(() => store.WriteAsync("Post", Id(held), new WriteClock(now, now.AddMinutes(30).ToUnixTimeMilliseconds()),
            current =>
            {
                entered.TrySetResult();
                release.Task.Wait();
                return new WritePlan(Title(current!.Data, "held, then committed"), Deleted: false, TtlSeconds: null);
            },
            CancellationToken.None));
        await entered.Task.DefaultTimeout();

        // Other items of the same model: created and updated while the held transaction is open.
        var others = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => CreatePostAsync(new { title = $"other {i}" }))).DefaultTimeout();
        foreach (var other in others)
        {
            (await UpdatePostAsync(new { id = Id(other), title = "other, updated", _version = 1 })).Ok();
        }

        Assert.False(heldWrite.IsCompleted);
        var sync = SyncAllAsync(lastSync, limit: 100);
        await WaitForAdvisoryLockWaiterAsync();
        Assert.False(sync.IsCompleted);
        release.TrySetResult();
        var written = await heldWrite.DefaultTimeout();

        var (first, startedAts, _) = await sync.DefaultTimeout();
        var startedAt = startedAts[0]!.Value;
        var (next, _, _) = await SyncAllAsync(startedAt, limit: 100);
        Assert.True(written.LastChangedAt > lastSync);
        var delivered = first.Concat(next).ToList();
        Assert.Contains(delivered, i => Id(i) == Id(held) && Version(i) == 2 && i["title"]!.GetValue<string>() == "held, then committed");
        Assert.All(others, o => Assert.Contains(delivered, i => Id(i) == Id(o) && Version(i) == 2));
    }

    [Fact]
    public async Task A_write_held_past_a_sync_that_did_not_see_it_is_stamped_above_that_sync()
    {
        // The same guarantee seen from the stamps: every write a sync could not see is stamped above its startedAt.
        var post = await CreatePostAsync(new { title = "v1" });
        var store = Server.Services.GetRequiredService<ItemStore>();
        var startedAt = (await SyncPostsAsync(lastSync: 0))["startedAt"]!.GetValue<long>();

        // A write that starts after the sync read the clock, with a server clock behind the sync's.
        var behind = DateTimeOffset.FromUnixTimeMilliseconds(startedAt - 60_000);
        var written = await store.WriteAsync("Post", Id(post), new WriteClock(behind, startedAt + 1_800_000),
            current => new WritePlan(Title(current!.Data, "v2"), Deleted: false, TtlSeconds: null), CancellationToken.None);

        Assert.True(written.LastChangedAt > startedAt);
        var delta = await SyncPostsAsync(lastSync: startedAt);
        Assert.Equal("v2", Assert.Single(delta["items"]!.AsArray())!["title"]!.GetValue<string>());
    }

    private static System.Text.Json.Nodes.JsonObject Title(System.Text.Json.Nodes.JsonObject data, string title)
    {
        var copy = data.DeepClone().AsObject();
        copy["title"] = title;
        return copy;
    }

    /// <summary>Waits until a session waits for a model's write lock (the sync reading the clock).</summary>
    private async Task WaitForAdvisoryLockWaiterAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        for (var attempt = 0; attempt < 400; attempt++)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("No session came to wait for the model's write lock.");
    }
}
