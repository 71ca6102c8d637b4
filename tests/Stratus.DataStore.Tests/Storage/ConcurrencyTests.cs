using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Storage;

public sealed class ConcurrencyTests : LocalStoreTest
{
    [Fact]
    public async Task Many_writers_and_readers_at_once_lose_nothing_and_queue_every_change()
    {
        const int writers = 16;
        const int each = 20;
        var counter = await Store.SaveAsync(new Post { Title = "counter", Rating = 0 });

        var writes = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
            {
                await Store.SaveAsync(new Post { Title = $"w{w}-{i}", Rating = i });
                Assert.NotNull(await Store.QueryAsync<Post>(counter.Id));
                _ = await Store.QueryAsync<Post>(p => p.Rating > 5);
            }
        }));
        await Task.WhenAll(writes);

        Assert.Equal(writers * each + 1, await Store.CountAsync<Post>());
        Assert.Equal(writers * each + 1, (await Temp.OutboxAsync()).Count);
        Assert.Equal(writers * each + 1, (await Temp.MetadataAsync()).Count);
        var titles = (await Store.QueryAsync<Post>()).Select(p => p.Title).ToHashSet();
        Assert.All(Enumerable.Range(0, writers), w => Assert.Contains($"w{w}-{each - 1}", titles));
    }

    [Fact]
    public async Task Two_stores_on_one_file_share_the_data()
    {
        await using var second = new StratusDataStore(new Configuration.DataStoreOptions { Models = new StratusModels(), DatabasePath = Temp.Path });
        await Task.WhenAll(
            Task.Run(() => Store.SaveAllAsync(Enumerable.Range(0, 50).Select(i => new Post { Title = $"a{i}" }))),
            Task.Run(() => second.SaveAllAsync(Enumerable.Range(0, 50).Select(i => new Post { Title = $"b{i}" }))));

        Assert.Equal(100, await second.CountAsync<Post>());
        Assert.Equal(100, (await Temp.OutboxAsync()).Count);
    }
}
