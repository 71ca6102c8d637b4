using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stratus.Server.Storage;

namespace Stratus.Server.Tests.SyncApi;

public abstract partial class SyncApiTests
{
    private async Task<(int Items, int Deltas)> CountRowsAsync()
    {
        var factory = Server.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<StratusDbContext>>();
        await using var context = await factory.CreateDbContextAsync();
        return (await context.Items.CountAsync(), await context.Deltas.CountAsync());
    }

    [Fact]
    public async Task Base_sync_with_lastSync_0_returns_every_item_including_tombstones()
    {
        var kept = await CreatePostAsync(new { title = "kept" });
        var removed = await CreatePostAsync(new { title = "removed" });
        (await DeletePostAsync(new { id = Id(removed), _version = 1 })).Ok();

        var page = await SyncPostsAsync(lastSync: 0);

        var items = page["items"]!.AsArray().ToDictionary(i => Id(i!), i => i!);
        Assert.Equal(2, items.Count);
        Assert.Null(items[Id(kept)]["_deleted"]);
        Assert.True(items[Id(removed)]["_deleted"]!.GetValue<bool>());
        Assert.Null(page["nextToken"]);
        Assert.True(page["startedAt"]!.GetValue<long>() >= Server.Time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Delta_sync_returns_only_changes_after_lastSync()
    {
        var a = await CreatePostAsync(new { title = "a" });
        var b = await CreatePostAsync(new { title = "b" });
        var startedAt = (await SyncPostsAsync(lastSync: 0))["startedAt"]!.GetValue<long>();
        Server.Time.Advance(TimeSpan.FromMinutes(1));

        (await UpdatePostAsync(new { id = Id(a), title = "a2", _version = 1 })).Ok();
        var c = await CreatePostAsync(new { title = "c" });
        (await DeletePostAsync(new { id = Id(b), _version = 1 })).Ok();

        var delta = await SyncPostsAsync(lastSync: startedAt);
        var changes = delta["items"]!.AsArray().Select(i => (Id(i!), Version(i!), i!["_deleted"]?.GetValue<bool>() ?? false)).ToList();
        Assert.Equal([(Id(a), 2L, false), (Id(c), 1L, false), (Id(b), 2L, true)], changes);
        Assert.True(delta["startedAt"]!.GetValue<long>() > startedAt);

        var nothing = await SyncPostsAsync(lastSync: delta["startedAt"]!.GetValue<long>());
        Assert.Empty(nothing["items"]!.AsArray());
    }

    [Fact]
    public async Task Sync_with_lastSync_older_than_the_delta_ttl_is_a_base_scan()
    {
        await CreatePostAsync(new { title = "a" });
        var startedAt = (await SyncPostsAsync(lastSync: 0))["startedAt"]!.GetValue<long>();
        await CreatePostAsync(new { title = "b" });

        var recent = await SyncPostsAsync(lastSync: startedAt);
        Assert.Single(recent["items"]!.AsArray());

        Server.Time.Advance(TimeSpan.FromMinutes(31));
        var stale = await SyncPostsAsync(lastSync: startedAt);

        Assert.Equal(["a", "b"], stale["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Base_pagination_walks_every_row_exactly_once_with_one_startedAt()
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < 23; i++)
        {
            ids.Add(Id(await CreatePostAsync(new { title = $"t{i:00}" })));
        }

        var (items, startedAts, pages) = await SyncAllAsync(lastSync: 0, limit: 5);

        Assert.Equal(5, pages);
        Assert.Equal(23, items.Count);
        Assert.Equal(ids.Order(), items.Select(Id).Order());
        Assert.Single(startedAts.Distinct());
    }

    [Fact]
    public async Task Delta_pagination_walks_every_change_exactly_once()
    {
        var startedAt = (await SyncPostsAsync(lastSync: 0))["startedAt"]!.GetValue<long>();
        var post = await CreatePostAsync(new { title = "v1" });
        for (var version = 1; version <= 6; version++)
        {
            (await UpdatePostAsync(new { id = Id(post), title = $"v{version + 1}", _version = version })).Ok();
        }

        var (items, startedAts, pages) = await SyncAllAsync(lastSync: startedAt, limit: 3);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 7).Select(v => (long)v), items.Select(Version));
        Assert.Single(startedAts.Distinct());
    }

    [Fact]
    public async Task Sync_filter_applies_to_base_and_delta_pages()
    {
        await CreatePostAsync(new { title = "low", rating = 1 });
        await CreatePostAsync(new { title = "high", rating = 9 });
        var filter = new { rating = new { gt = 5 } };

        var (baseItems, _, _) = await SyncAllAsync(lastSync: 0, limit: 1, filter: filter);
        Assert.Equal(["high"], baseItems.Select(i => i["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_change_committed_after_a_sync_is_never_skipped_by_the_next_delta_sync()
    {
        var startedAt = (await SyncPostsAsync(lastSync: 0))["startedAt"]!.GetValue<long>();

        // The clock does not move: the write happens in the same millisecond as startedAt.
        var post = await CreatePostAsync(new { title = "same millisecond" });

        Assert.True(post["_lastChangedAt"]!.GetValue<long>() > startedAt);
        var delta = await SyncPostsAsync(lastSync: startedAt);
        Assert.Equal(Id(post), Id(Assert.Single(delta["items"]!.AsArray())!));
    }

    [Fact]
    public async Task Sweeper_removes_expired_tombstones_and_delta_rows()
    {
        var post = await CreatePostAsync(new { title = "x" });
        (await DeletePostAsync(new { id = Id(post), _version = 1 })).Ok();
        var store = Server.Services.GetRequiredService<ItemStore>();

        var early = await store.SweepAsync(Server.Time.GetUtcNow(), CancellationToken.None);
        Assert.Equal((0, 0), early);
        Assert.Equal((1, 2), await CountRowsAsync());

        // Moving the fake clock past the TTL fires the background sweeper's timer.
        Server.Time.Advance(TimeSpan.FromMinutes(43200 + 1));
        var deadline = DateTime.UtcNow + Infrastructure.TestTimeouts.Default;
        while (await CountRowsAsync() != (0, 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal((0, 0), await CountRowsAsync());
        Assert.Empty((await SyncPostsAsync(lastSync: 0))["items"]!.AsArray());
    }
}
