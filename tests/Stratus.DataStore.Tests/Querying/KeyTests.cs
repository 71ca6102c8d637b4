using Stratus.DataStore.Models;
using Stratus.DataStore.Exceptions;
using Stratus.DataStore.Storage;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Querying;

public sealed class KeyTests : LocalStoreTest
{
    [Fact]
    public async Task A_new_record_gets_a_uuid_written_back_and_is_found_by_it()
    {
        var post = new Post { Title = "hello" };

        var saved = await Store.SaveAsync(post);

        Assert.True(Guid.TryParse(post.Id, out _));
        Assert.Equal(post.Id, saved.Id);
        Assert.Equal("hello", (await Store.QueryAsync<Post>(post.Id))!.Title);
        Assert.Null(await Store.QueryAsync<Post>("missing"));
    }

    [Fact]
    public async Task Composite_keys_tell_records_apart_on_every_key_field()
    {
        var day = new DateOnly(2024, 5, 1);
        await Store.SaveAllAsync(
        [
            new Order { CustomerId = "c1", OrderedOn = day, Number = 1, Total = 10 },
            new Order { CustomerId = "c1", OrderedOn = day, Number = 2, Total = 20 },
            new Order { CustomerId = "c1", OrderedOn = day.AddDays(1), Number = 1, Total = 30 },
            new Order { CustomerId = "c2", OrderedOn = day, Number = 1, Total = 40 },
        ]);

        Assert.Equal(20, (await Store.FindAsync<Order>(["c1", day, 2]))!.Total);
        Assert.Equal(30, (await Store.FindAsync<Order>(["c1", day.AddDays(1), 1]))!.Total);
        Assert.Null(await Store.FindAsync<Order>(["c2", day, 2]));

        await Store.SaveAsync(new Order { CustomerId = "c1", OrderedOn = day, Number = 2, Total = 21 });
        await Store.DeleteByKeyAsync<Order>(["c1", day, 1]);

        var left = await Store.QueryAsync<Order>(o => o.CustomerId == "c1");
        Assert.Equal([21d, 30d], left.Select(o => o.Total!.Value).Order());
        var outbox = await Temp.OutboxAsync();
        Assert.Contains(outbox, o => o.ModelName == "Order" && o.ModelId == """["c1","2024-05-01","2"]""" && o.Data.Contains("\"total\":21", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Composite_keys_whose_joined_values_look_alike_stay_apart_in_the_outbox()
    {
        await using var temp = TempStore.Create(models: new Pages());
        await temp.Store.SaveAllAsync([new Page { Space = "team-a", Slug = "intro" }, new Page { Space = "team", Slug = "a-intro" }]);

        await temp.Store.DeleteByKeyAsync<Page>(["team-a", "intro"]);

        var pending = Assert.Single(await temp.OutboxAsync());
        Assert.Equal(("""["team","a-intro"]""", MutationOperation.Create), (pending.ModelId, pending.Operation));
        Assert.Equal(2, (await temp.MetadataAsync()).Count);
        Assert.Equal("a-intro", Assert.Single(await temp.Store.QueryAsync<Page>()).Slug);
    }

    public sealed class Page : Stratus.DataStore.Models.StratusModel
    {
        public required string Space { get; set; }

        public required string Slug { get; set; }

        public AwsDateTime? CreatedAt { get; set; }

        public AwsDateTime? UpdatedAt { get; set; }
    }

    private sealed class Pages() : Stratus.DataStore.Models.ModelRegistry(
        """type Page @model { space: String! @primaryKey(sortKeyFields: ["slug"]) slug: String! }""",
        new Dictionary<string, Type> { ["Page"] = typeof(Page) });

    [Fact]
    public async Task A_single_id_for_a_composite_key_or_a_wrong_count_of_key_values_is_an_error()
    {
        var single = await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAsync<Order>("c1"));
        var count = await Assert.ThrowsAsync<ArgumentException>(() => Store.FindAsync<Order>(["c1"]));

        Assert.Contains("composite key (customerId, orderedOn, number)", single.Message);
        Assert.Contains("give 3 key value(s), not 1", count.Message);
        var type = await Assert.ThrowsAsync<ArgumentException>(() => Store.FindAsync<Order>(["c1", new DateOnly(2024, 1, 1), "three"]));
        Assert.Contains("'three' is not a valid Int for Order.number", type.Message);
    }

    [Fact]
    public async Task A_custom_key_must_be_given()
    {
        var error = await Assert.ThrowsAsync<ModelValidationException>(() => Store.SaveAsync(new Order { CustomerId = "", OrderedOn = new DateOnly(2024, 1, 1), Number = 1 }));

        Assert.Equal("customerId", error.Field);
        Assert.Equal(0, await Store.CountAsync<Order>());
    }
}
