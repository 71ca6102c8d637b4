using System.Text.Json.Nodes;
using Stratus.DataStore.Storage;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Saving;

/// <summary>Amplify's outbox rules (datastore-client.md §3.9), one test per row of the table.</summary>
public sealed class OutboxCoalescingTests : LocalStoreTest
{
    [Fact]
    public async Task An_update_folds_into_a_pending_create_in_place()
    {
        var other = await Store.SaveAsync(new Post { Title = "first" });
        var post = await Store.SaveAsync(new Post { Title = "a" });
        post.Rating = 4;
        await Store.SaveAsync(post);

        var outbox = await Temp.OutboxAsync();
        Assert.Equal([(other.Id, MutationOperation.Create), (post.Id, MutationOperation.Create)], outbox.Select(o => (o.ModelId, o.Operation)));
        Assert.Equal(4, (int)JsonNode.Parse(outbox[1].Data)!["rating"]!);
    }

    [Fact]
    public async Task Pending_mutations_are_visible_in_send_order_with_when_they_were_queued()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var temp = TempStore.Create(time: time);
        var post = await temp.Store.SaveAsync(new Post { Title = "a" });
        time.Advance(TimeSpan.FromMinutes(5));
        await temp.Store.SaveAsync(new Blog { Name = "b" });

        var pending = await temp.Store.GetPendingMutationsAsync();

        Assert.Equal([("Post", post.Id, MutationOperation.Create), ("Blog", pending[1].ModelId, MutationOperation.Create)], pending.Select(p => (p.Model, p.ModelId, p.Operation)));
        Assert.Equal("a", (string)pending[0].Data["title"]!);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 9, 5, 0, TimeSpan.Zero), pending[1].QueuedAt);
        Assert.True(pending[0].Sequence < pending[1].Sequence);
        Assert.False(pending[0].InFlight);
    }

    [Fact]
    public async Task A_delete_cancels_a_pending_create()
    {
        var post = await Store.SaveAsync(new Post { Title = "gone" });

        await Store.DeleteAsync(post);

        Assert.Empty(await Temp.OutboxAsync());
    }

    [Fact]
    public async Task A_delete_after_a_create_in_flight_is_queued()
    {
        var post = await Store.SaveAsync(new Post { Title = "sent" });
        await Temp.MarkOutboxInFlightAsync();

        await Store.DeleteAsync(post);

        Assert.Equal([MutationOperation.Create, MutationOperation.Delete], (await Temp.OutboxAsync()).Select(o => o.Operation));
    }

    [Fact]
    public async Task Updates_merge_into_one_entry_that_moves_to_the_tail()
    {
        var post = await Store.SaveAsync(new Post { Title = "t", Rating = 1 });
        await Temp.MarkOutboxInFlightAsync();
        post.Rating = 2;
        await Store.SaveAsync(post);
        var other = await Store.SaveAsync(new Post { Title = "other" });
        post.Title = "t2";
        await Store.SaveAsync(post);

        var outbox = await Temp.OutboxAsync();
        Assert.Equal([(post.Id, MutationOperation.Create), (other.Id, MutationOperation.Create), (post.Id, MutationOperation.Update)], outbox.Select(o => (o.ModelId, o.Operation)));
        var merged = JsonNode.Parse(outbox[2].Data)!;
        Assert.Equal((2, "t2"), ((int)merged["rating"]!, (string)merged["title"]!));
    }

    [Fact]
    public async Task A_delete_after_a_pending_update_replaces_it()
    {
        var post = await Store.SaveAsync(new Post { Title = "t" });
        await Temp.MarkOutboxInFlightAsync();
        post.Rating = 7;
        await Store.SaveAsync(post);

        await Store.DeleteAsync(post);

        var outbox = await Temp.OutboxAsync();
        Assert.Equal([MutationOperation.Create, MutationOperation.Delete], outbox.Select(o => o.Operation));
        Assert.Equal(7, (int)JsonNode.Parse(outbox[1].Data)!["rating"]!);
    }

    [Fact]
    public async Task A_change_with_a_condition_is_queued_on_its_own()
    {
        var post = await Store.SaveAsync(new Post { Title = "t", Rating = 1 });
        await Temp.MarkOutboxInFlightAsync();
        post.Rating = 2;
        await Store.SaveAsync(post);
        post.Rating = 3;
        await Store.SaveAsync(post, p => p.Rating == 2);
        post.Rating = 4;
        await Store.SaveAsync(post);

        var outbox = await Temp.OutboxAsync();
        Assert.Equal([MutationOperation.Create, MutationOperation.Update, MutationOperation.Update, MutationOperation.Update], outbox.Select(o => o.Operation));
        Assert.Equal([null, null, """{"rating":{"eq":2}}""", null], outbox.Select(o => o.Condition));
    }
}
