using Stratus.DataStore.Events;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Storage;

public sealed class ClearTests : LocalStoreTest
{
    [Fact]
    public async Task Clear_empties_records_outbox_and_metadata_without_delete_events_and_the_store_keeps_working()
    {
        var blog = await Store.SaveAsync(new Blog { Name = "b" });
        await Store.SaveAsync(new Post { Title = "p", BlogID = blog.Id });
        var changes = new Collector<ModelChange<Post>>();
        using var subscription = Store.Observe<Post>().Subscribe(changes);

        await Store.ClearAsync();

        Assert.Equal((0, 0), (await Store.CountAsync<Blog>(), await Store.CountAsync<Post>()));
        Assert.Empty(await Temp.OutboxAsync());
        Assert.Empty(await Temp.MetadataAsync());
        await Store.SaveAsync(new Post { Title = "after" });
        Assert.Equal(OperationType.Insert, Assert.Single(await changes.WaitForAsync(1)).OpType);
        Assert.Single(await Temp.OutboxAsync());
    }
}
