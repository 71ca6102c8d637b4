using System.Text.Json.Nodes;
using Stratus.DataStore.Storage;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Saving;

/// <summary>Amplify's outbox rules (datastore-client.md §3.9), one test per row of the table.</summary>
public sealed class OutboxCoalescingTests : IAsyncLifetime
{
    private readonly TempStore _temp = TempStore.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _temp.DisposeAsync().AsTask();

    [Fact]
    public async Task An_update_folds_into_a_pending_create_in_place()
    {
        var other = await _temp.Store.SaveAsync(new Post { Title = "first" });
        var post = await _temp.Store.SaveAsync(new Post { Title = "a" });
        post.Rating = 4;
        await _temp.Store.SaveAsync(post);

        var outbox = await _temp.OutboxAsync();
        Assert.Equal([(other.Id, MutationOperation.Create), (post.Id, MutationOperation.Create)], outbox.Select(o => (o.ModelId, o.Operation)));
        Assert.Equal(4, (int)JsonNode.Parse(outbox[1].Data)!["rating"]!);
    }

    [Fact]
    public async Task A_delete_cancels_a_pending_create()
    {
        var post = await _temp.Store.SaveAsync(new Post { Title = "gone" });

        await _temp.Store.DeleteAsync(post);

        Assert.Empty(await _temp.OutboxAsync());
    }

    [Fact]
    public async Task A_delete_after_a_create_in_flight_is_queued()
    {
        var post = await _temp.Store.SaveAsync(new Post { Title = "sent" });
        await MarkAllInFlightAsync();

        await _temp.Store.DeleteAsync(post);

        Assert.Equal([MutationOperation.Create, MutationOperation.Delete], (await _temp.OutboxAsync()).Select(o => o.Operation));
    }

    [Fact]
    public async Task Updates_merge_into_one_entry_that_moves_to_the_tail()
    {
        var post = await _temp.Store.SaveAsync(new Post { Title = "t", Rating = 1 });
        await MarkAllInFlightAsync();
        post.Rating = 2;
        await _temp.Store.SaveAsync(post);
        var other = await _temp.Store.SaveAsync(new Post { Title = "other" });
        post.Title = "t2";
        await _temp.Store.SaveAsync(post);

        var outbox = await _temp.OutboxAsync();
        Assert.Equal([(post.Id, MutationOperation.Create), (other.Id, MutationOperation.Create), (post.Id, MutationOperation.Update)], outbox.Select(o => (o.ModelId, o.Operation)));
        var merged = JsonNode.Parse(outbox[2].Data)!;
        Assert.Equal((2, "t2"), ((int)merged["rating"]!, (string)merged["title"]!));
    }

    [Fact]
    public async Task A_delete_after_a_pending_update_replaces_it()
    {
        var post = await _temp.Store.SaveAsync(new Post { Title = "t" });
        await MarkAllInFlightAsync();
        post.Rating = 7;
        await _temp.Store.SaveAsync(post);

        await _temp.Store.DeleteAsync(post);

        var outbox = await _temp.OutboxAsync();
        Assert.Equal([MutationOperation.Create, MutationOperation.Delete], outbox.Select(o => o.Operation));
        Assert.Equal(7, (int)JsonNode.Parse(outbox[1].Data)!["rating"]!);
    }

    [Fact]
    public async Task A_change_with_a_condition_is_queued_on_its_own()
    {
        var post = await _temp.Store.SaveAsync(new Post { Title = "t", Rating = 1 });
        await MarkAllInFlightAsync();
        post.Rating = 2;
        await _temp.Store.SaveAsync(post);
        post.Rating = 3;
        await _temp.Store.SaveAsync(post, p => p.Rating == 2);
        post.Rating = 4;
        await _temp.Store.SaveAsync(post);

        var outbox = await _temp.OutboxAsync();
        Assert.Equal([MutationOperation.Create, MutationOperation.Update, MutationOperation.Update, MutationOperation.Update], outbox.Select(o => o.Operation));
        Assert.Equal([null, null, """{"rating":{"eq":2}}""", null], outbox.Select(o => o.Condition));
    }

    private async Task MarkAllInFlightAsync()
    {
        await using var db = _temp.Store.NewContext();
        foreach (var entry in db.Outbox)
        {
            entry.InFlight = true;
        }

        await db.SaveChangesAsync();
    }
}
