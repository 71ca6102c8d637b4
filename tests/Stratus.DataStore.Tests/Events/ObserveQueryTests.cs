using Microsoft.Extensions.Time.Testing;
using Stratus.DataStore.Events;
using Stratus.DataStore.Querying;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Events;

public sealed class ObserveQueryTests : LocalStoreTest
{
    private readonly FakeTimeProvider _time;

    public ObserveQueryTests()
        : this(new FakeTimeProvider())
    {
    }

    private ObserveQueryTests(FakeTimeProvider time)
        : base(TempStore.Create(o => o.SyncPageSize = 3, time)) => _time = time;

    public override Task InitializeAsync() => Store.SaveAsync(new Post { Title = "b", Rating = 5 });

    [Fact]
    public async Task The_first_snapshot_is_the_local_result_then_each_change_brings_one_when_synced()
    {
        var snapshots = new Collector<QuerySnapshot<Post>>();
        using var subscription = Store.ObserveQuery<Post>(p => p.Rating > 3, new QueryOptions<Post>().OrderBy(p => p.Title)).Subscribe(snapshots);
        await snapshots.WaitForAsync(1);

        var added = await Store.SaveAsync(new Post { Title = "a", Rating = 4 });
        await snapshots.WaitForAsync(2);
        added.Rating = 1;
        await Store.SaveAsync(added);

        var all = await snapshots.WaitForAsync(3);
        Assert.Equal(["b"], all[0].Items.Select(p => p.Title));
        Assert.Equal(["a", "b"], all[1].Items.Select(p => p.Title));
        Assert.Equal(["b"], all[2].Items.Select(p => p.Title));
        Assert.All(all, s => Assert.True(s.IsSynced));
    }

    [Fact]
    public async Task Before_the_model_is_synced_changes_are_batched_by_count_and_by_time()
    {
        Store.SyncStatus.LocalOnly = false;
        var snapshots = new Collector<QuerySnapshot<Post>>();
        using var subscription = Store.ObserveQuery<Post>().Subscribe(snapshots);
        Assert.False((await snapshots.WaitForAsync(1))[0].IsSynced);

        await Store.SaveAllAsync([new Post { Title = "1" }, new Post { Title = "2" }]);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Store.SaveAsync(new Post { Title = "3" });
        Assert.Equal(4, (await snapshots.WaitForAsync(2))[1].Items.Count);

        await Store.SaveAsync(new Post { Title = "4" });
        await Task.Delay(200);
        Assert.Equal(2, snapshots.Items.Count);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(5, (await snapshots.WaitForAsync(3))[2].Items.Count);

        Store.SyncStatus.MarkSynced("Post");
        await Store.SaveAsync(new Post { Title = "5" });
        var synced = (await snapshots.WaitForAsync(4))[3];
        Assert.True(synced.IsSynced);
        Assert.Equal(6, synced.Items.Count);
    }

    [Fact]
    public async Task Changes_to_other_models_bring_no_snapshot_and_disposal_stops_them()
    {
        var snapshots = new Collector<QuerySnapshot<Post>>();
        var subscription = Store.ObserveQuery<Post>().Subscribe(snapshots);
        await snapshots.WaitForAsync(1);

        await Store.SaveAsync(new Blog { Name = "x" });
        subscription.Dispose();
        await Store.SaveAsync(new Post { Title = "late" });
        await Task.Delay(200);

        Assert.Single(snapshots.Items);
    }

    [Fact]
    public async Task A_change_to_a_related_model_in_the_predicate_brings_a_snapshot()
    {
        var post = await Store.SaveAsync(new Post { Title = "p" });
        var comment = await Store.SaveAsync(new Comment { PostID = post.Id, Content = "c", Likes = 0 });
        var snapshots = new Collector<QuerySnapshot<Post>>();
        using var subscription = Store.ObserveQuery<Post>(p => p.Comments.Any(c => c.Likes > 3)).Subscribe(snapshots);
        Assert.Empty((await snapshots.WaitForAsync(1))[0].Items);

        comment.Likes = 5;
        await Store.SaveAsync(comment);

        Assert.Equal(["p"], (await snapshots.WaitForAsync(2))[1].Items.Select(p => p.Title));
    }

    [Fact]
    public async Task Disposing_the_store_ends_live_queries()
    {
        var snapshots = new Collector<QuerySnapshot<Post>>();
        using var subscription = Store.ObserveQuery<Post>().Subscribe(snapshots);
        await snapshots.WaitForAsync(1);

        await Store.DisposeAsync();

        Assert.True(snapshots.Completed);
    }

    [Fact]
    public async Task Snapshots_are_readable_as_an_async_stream()
    {
        using var cancel = new CancellationTokenSource();
        await using var stream = Store.ObserveQueryAsync<Post>(cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.True(await stream.MoveNextAsync().AsTask().Within());
        Assert.Single(stream.Current.Items);
        await Store.DeleteAsync<Post>(_ => true);
        Assert.True(await stream.MoveNextAsync().AsTask().Within());
        Assert.Empty(stream.Current.Items);
    }
}
