using Stratus.DataStore.Events;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Events;

public sealed class ObserveTests : LocalStoreTest
{
    [Fact]
    public async Task Observers_see_insert_update_delete_in_commit_order_with_the_stored_element()
    {
        var all = new Collector<ModelChange<Post>>();
        using var subscription = Store.Observe<Post>().Subscribe(all);

        var post = await Store.SaveAsync(new Post { Title = "a" });
        post.Rating = 5;
        await Store.SaveAsync(post);
        await Store.DeleteAsync(post);

        var changes = await all.WaitForAsync(3);
        Assert.Equal([OperationType.Insert, OperationType.Update, OperationType.Delete], changes.Select(c => c.OpType));
        Assert.Equal(5, changes[1].Element.Rating);
        Assert.Equal(["Post", "Post", "Post"], changes.Select(c => c.Model));
        Assert.Equal(0, changes[0].Element.Views);
    }

    [Fact]
    public async Task Observe_by_id_and_by_predicate_see_only_their_records()
    {
        var target = await Store.SaveAsync(new Post { Title = "target" });
        var byId = new Collector<ModelChange<Post>>();
        var popular = new Collector<ModelChange<Post>>();
        using var one = Store.Observe<Post>(target.Id).Subscribe(byId);
        using var two = Store.Observe<Post>(p => p.Rating > 3).Subscribe(popular);

        await Store.SaveAsync(new Post { Title = "low", Rating = 1 });
        await Store.SaveAsync(new Post { Title = "high", Rating = 9 });
        target.Rating = 4;
        await Store.SaveAsync(target);

        Assert.Equal(["target"], (await byId.WaitForAsync(1)).Select(c => c.Element.Title));
        Assert.Equal(["high", "target"], (await popular.WaitForAsync(2)).Select(c => c.Element.Title));
        Assert.Single(byId.Items);
    }

    [Fact]
    public async Task Observe_all_models_and_as_an_async_stream()
    {
        using var cancel = new CancellationTokenSource();
        var everything = new Collector<ModelChange<Stratus.DataStore.Models.StratusModel>>();
        using var subscription = Store.Observe().Subscribe(everything);
        var stream = Store.ObserveAsync<Blog>(cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);
        var first = stream.MoveNextAsync().AsTask();

        await Store.SaveAsync(new Blog { Name = "b" });
        await Store.SaveAsync(new Team { Name = "t" });

        Assert.True(await first.Within());
        Assert.Equal("b", stream.Current.Element.Name);
        Assert.Equal(["Blog", "Team"], (await everything.WaitForAsync(2)).Select(c => c.Model));
        await cancel.CancelAsync();
        Assert.False(await stream.MoveNextAsync().AsTask().Within());
    }

    [Fact]
    public void Observe_predicates_across_relationships_point_to_ObserveQuery()
    {
        var error = Assert.Throws<ArgumentException>(() => Store.Observe<Post>(p => p.Blog.Matches(b => b.Name == "x")));

        Assert.Contains("use ObserveQuery", error.Message);
    }

    [Fact]
    public async Task An_observer_that_throws_does_not_stop_the_others_or_the_write()
    {
        var healthy = new Collector<ModelChange<Post>>();
        using var bad = Store.Observe<Post>().Subscribe(new ThrowingObserver());
        using var good = Store.Observe<Post>().Subscribe(healthy);

        await Store.SaveAsync(new Post { Title = "x" });

        Assert.Single(await healthy.WaitForAsync(1));
        Assert.Equal(1, await Store.CountAsync<Post>());
    }

    [Fact]
    public async Task Disposing_the_store_completes_observers()
    {
        var observer = new Collector<ModelChange<Post>>();
        using var subscription = Store.Observe<Post>().Subscribe(observer);

        await Store.DisposeAsync();

        Assert.True(observer.Completed);
    }

    [Fact]
    public async Task An_observer_may_save_from_its_callback_without_deadlocking_the_writer()
    {
        var echoes = new Collector<ModelChange<Team>>();
        using var echo = Store.Observe<Team>().Subscribe(echoes);
        using var saver = Store.Observe<Post>().Subscribe(new SavingObserver(Store));

        await Store.SaveAsync(new Post { Title = "trigger" }).Within();

        Assert.Equal("from observer", (await echoes.WaitForAsync(1))[0].Element.Name);
    }

    private sealed class SavingObserver(StratusDataStore store) : IObserver<ModelChange<Post>>
    {
        public void OnNext(ModelChange<Post> value) => store.SaveAsync(new Team { Name = "from observer" }).GetAwaiter().GetResult();

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }

    private sealed class ThrowingObserver : IObserver<ModelChange<Post>>
    {
        public void OnNext(ModelChange<Post> value) => throw new InvalidOperationException("observer bug");

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
