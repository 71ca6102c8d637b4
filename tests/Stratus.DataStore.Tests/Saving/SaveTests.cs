using System.Text.Json.Nodes;
using Stratus.DataStore.Exceptions;
using Stratus.DataStore.Models;
using Stratus.DataStore.Storage;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Saving;

public sealed class SaveTests : LocalStoreTest
{
    [Fact]
    public async Task Every_scalar_type_round_trips_through_the_local_database()
    {
        var post = new Post
        {
            Title = "all types", Rating = -42, Score = 3.25, Published = true, Status = Status.ARCHIVED,
            Tags = ["x", "y"], Statuses = [Status.DRAFT, null], Address = new Address { Street = "Main 1", City = null, Zip = 1234 },
            PublishedOn = new DateOnly(2024, 2, 29), PublishedAt = AwsTime.Parse("23:59:58.123+05:30"),
            EditedAt = AwsDateTime.Parse("2024-03-01T08:30:15.250123456-05:00"), Stamp = 1_700_000_000_123,
            Contact = "a@example.com", Metadata = "{\"k\":[1,2]}", Link = "https://example.com/a", Phone = "+1 555-0100", Ip = "10.0.0.1/8",
        };

        await Store.SaveAsync(post);
        var read = (await Store.QueryAsync<Post>(post.Id))!;

        Assert.Equal((-42, 3.25, true, Status.ARCHIVED), (read.Rating!.Value, read.Score!.Value, read.Published!.Value, read.Status!.Value));
        Assert.Equal(["x", "y"], read.Tags!);
        Assert.Equal([Status.DRAFT, null], read.Statuses!);
        Assert.Equal(("Main 1", null, 1234), (read.Address!.Street, read.Address.City, read.Address.Zip!.Value));
        Assert.Equal(new DateOnly(2024, 2, 29), read.PublishedOn);
        // AWSTime and AWSDateTime keep their text: offset and all nine fraction digits.
        Assert.Equal("23:59:58.123+05:30", read.PublishedAt.ToString());
        Assert.Equal((new TimeOnly(23, 59, 58, 123), TimeSpan.FromMinutes(330)), (read.PublishedAt!.Value.Time, read.PublishedAt.Value.Offset!.Value));
        Assert.Equal("2024-03-01T08:30:15.250123456-05:00", read.EditedAt.ToString());
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 13, 30, 15, 250, TimeSpan.Zero).AddTicks(1234), read.EditedAt!.Value.ToDateTimeOffset());
        Assert.Equal((1_700_000_000_123L, "a@example.com", "{\"k\":[1,2]}"), (read.Stamp!.Value, read.Contact, read.Metadata));
        Assert.Equal(("https://example.com/a", "+1 555-0100", "10.0.0.1/8", 0), (read.Link, read.Phone, read.Ip, read.Views!.Value));
    }

    [Fact]
    public async Task A_create_queues_all_fields_and_an_update_only_the_key_and_changed_fields()
    {
        var post = await Store.SaveAsync(new Post { Title = "v1", Rating = 1 });
        post.Rating = 2;
        await Store.SaveAsync(post);
        // Leaves the created entry (now merged) alone: it is in flight.
        await Temp.MarkOutboxInFlightAsync();
        post.Title = "v2";
        await Store.SaveAsync(post);

        var outbox = await Temp.OutboxAsync();
        Assert.Equal([MutationOperation.Create, MutationOperation.Update], outbox.Select(o => o.Operation));
        var create = JsonNode.Parse(outbox[0].Data)!.AsObject();
        Assert.Equal(2, (int)create["rating"]!);
        Assert.Equal("v1", (string)create["title"]!);
        Assert.True(create.ContainsKey("tags"));
        var update = JsonNode.Parse(outbox[1].Data)!.AsObject();
        Assert.Equal(["id", "title"], update.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(post.Id, outbox[1].ModelId);
        Assert.Single(await Temp.MetadataAsync(), m => m.ModelId == post.Id && m.Version == null);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_queues_nothing()
    {
        var post = await Store.SaveAsync(new Post { Title = "same", Tags = ["a"] });
        await Temp.MarkOutboxInFlightAsync();

        await Store.SaveAsync(new Post { Id = post.Id, Title = "same", Tags = ["a"], Views = 0 });

        Assert.Single(await Temp.OutboxAsync());
    }

    [Fact]
    public async Task Server_set_fields_left_empty_keep_their_stored_values()
    {
        AwsDateTime? created = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var post = await Store.SaveAsync(new Post { Title = "t", CreatedAt = created });

        await Store.SaveAsync(new Post { Id = post.Id, Title = "t2" });

        var stored = (await Store.QueryAsync<Post>(post.Id))!;
        Assert.Equal(("t2", created), (stored.Title, stored.CreatedAt));
    }

    [Fact]
    public async Task Required_fields_and_scalar_rules_are_checked_before_anything_is_written()
    {
        var missing = await Assert.ThrowsAsync<ModelValidationException>(() => Store.SaveAsync(new Post { Title = null! }));
        var email = await Assert.ThrowsAsync<ModelValidationException>(() => Store.SaveAsync(new Post { Title = "x", Contact = "not-an-email" }));
        var json = await Assert.ThrowsAsync<ModelValidationException>(() => Store.SaveAsync(new Post { Title = "x", Metadata = "{oops" }));
        var nan = await Assert.ThrowsAsync<ModelValidationException>(() => Store.SaveAsync(new Post { Title = "x", Score = double.NaN }));
        var element = await Assert.ThrowsAsync<ModelValidationException>(() => Store.SaveAsync(new Post { Title = "x", Tags = ["a", null!] }));
        var nested = await Assert.ThrowsAsync<ModelValidationException>(() => Store.SaveAsync(new Post { Title = "x", Address = new Address { Street = null! } }));

        Assert.Equal(("Post", "title"), (missing.Model, missing.Field));
        Assert.Contains("is required (String!)", missing.Message);
        Assert.Contains("Invalid AWSEmail value: 'not-an-email'", email.Message);
        Assert.Equal("metadata", json.Field);
        Assert.Equal("score", nan.Field);
        Assert.Contains("[String!] forbids it", element.Message);
        Assert.Equal(("Post.address", "street"), (nested.Model, nested.Field));
        Assert.Equal(0, await Store.CountAsync<Post>());
        Assert.Empty(await Temp.OutboxAsync());
    }

    [Fact]
    public async Task A_belongsTo_parent_must_exist_locally()
    {
        var error = await Assert.ThrowsAsync<DataIntegrityException>(() => Store.SaveAsync(new Comment { PostID = "nope", Content = "hi" }));

        Assert.Contains("Comment.post refers to Post 'nope'", error.Message);
        Assert.Equal(0, await Store.CountAsync<Comment>());
        var post = await Store.SaveAsync(new Post { Title = "parent" });
        await Store.SaveAsync(new Comment { PostID = post.Id, Content = "hi" });
        Assert.Equal(1, await Store.CountAsync<Comment>());
    }

    [Fact]
    public async Task A_condition_is_checked_against_the_stored_record_and_sent_without_key_fields()
    {
        var post = await Store.SaveAsync(new Post { Title = "c", Rating = 3 });
        await Temp.MarkOutboxInFlightAsync();

        var failed = await Assert.ThrowsAsync<ConditionalSaveFailedException>(() => Store.SaveAsync(new Post { Id = post.Id, Title = "c", Rating = 9 }, p => p.Rating > 5));
        Assert.Equal(3, (await Store.QueryAsync<Post>(post.Id))!.Rating);
        Assert.Single(await Temp.OutboxAsync());
        Assert.Contains(post.Id, failed.Message);

        await Store.SaveAsync(new Post { Id = post.Id, Title = "c", Rating = 9 }, p => p.Rating == 3 && p.Id == post.Id);
        var queued = (await Temp.OutboxAsync())[^1];
        Assert.Equal(9, (await Store.QueryAsync<Post>(post.Id))!.Rating);
        Assert.Equal("""{"and":[{"rating":{"eq":3}}]}""", queued.Condition);
    }

    [Fact]
    public async Task A_condition_across_relationships_is_rejected_before_anything_is_written()
    {
        var post = await Store.SaveAsync(new Post { Title = "c" });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync(post, p => p.Blog.Matches(b => b.Name == "x")));

        Assert.Contains("cannot reach across relationships", error.Message);
        Assert.Single(await Temp.OutboxAsync());
    }

    [Fact]
    public async Task A_condition_on_a_record_that_is_not_stored_fails()
    {
        await Assert.ThrowsAsync<ConditionalSaveFailedException>(() => Store.SaveAsync(new Post { Title = "new" }, p => p.Rating == 1));

        Assert.Equal(0, await Store.CountAsync<Post>());
    }

    [Fact]
    public async Task A_batch_may_hold_a_parent_and_its_children_and_the_same_record_twice()
    {
        var blog = new Blog { Name = "b" };
        var post = new Post { Title = "p" };
        await Store.SaveAllAsync<Stratus.DataStore.Models.StratusModel>([blog, post]);

        var comment = new Comment { PostID = post.Id, Content = "first" };
        var saved = await Store.SaveAllAsync<Stratus.DataStore.Models.StratusModel>([new Post { Id = "x", Title = "x1" }, comment, new Post { Id = "x", Title = "x2" }]);

        Assert.Equal(3, saved.Count);
        Assert.Equal("x2", (await Store.QueryAsync<Post>("x"))!.Title);
        Assert.Equal(post.Id, (await Store.QueryAsync<Comment>(comment.Id))!.PostID);
        var outbox = await Temp.OutboxAsync();
        Assert.Equal(["Blog", "Post", "Post", "Comment"], outbox.Select(o => o.ModelName));
        Assert.Equal("x2", (string)JsonNode.Parse(outbox[2].Data)!["title"]!);
    }

    [Fact]
    public async Task A_batch_is_written_whole_or_not_at_all()
    {
        var saved = await Store.SaveAllAsync<Stratus.DataStore.Models.StratusModel>([new Blog { Name = "b" }, new Team { Name = "t" }, new Post { Title = "p" }]);
        Assert.Equal(3, saved.Count);

        await Assert.ThrowsAsync<ModelValidationException>(() => Store.SaveAllAsync([new Post { Title = "ok" }, new Post { Title = null! }]));

        Assert.Equal(1, await Store.CountAsync<Post>());
        Assert.Equal(3, (await Temp.OutboxAsync()).Count);
    }
}
