using Stratus.DataStore.Exceptions;
using Stratus.DataStore.Storage;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Relationships;

public sealed class RelationshipTests : IAsyncLifetime
{
    private readonly TempStore _temp = TempStore.Create();
    private Blog _blog = null!;
    private Post _first = null!;
    private Post _second = null!;

    public async Task InitializeAsync()
    {
        _blog = await _temp.Store.SaveAsync(new Blog { Name = "news" });
        await _temp.Store.SaveAsync(new Blog { Name = "other" });
        _first = await _temp.Store.SaveAsync(new Post { Title = "first", BlogID = _blog.Id });
        _second = await _temp.Store.SaveAsync(new Post { Title = "second", BlogID = _blog.Id });
        await _temp.Store.SaveAllAsync(
        [
            new Comment { PostID = _first.Id, Content = "great", Likes = 5 },
            new Comment { PostID = _first.Id, Content = "meh", Likes = 0 },
            new Comment { PostID = _second.Id, Content = "ok", Likes = 1 },
        ]);
    }

    public Task DisposeAsync() => _temp.DisposeAsync().AsTask();

    [Fact]
    public async Task Relationship_properties_load_from_the_local_store()
    {
        var post = (await _temp.Store.QueryAsync<Post>(_first.Id))!;

        Assert.Equal("news", (await post.Blog)!.Name);
        Assert.Equal(["great", "meh"], (await post.Comments.ToListAsync()).Select(c => c.Content).Order(StringComparer.Ordinal));
        Assert.Single(await post.Comments.ToListAsync(max: 1));
        var titles = new List<string>();
        await foreach (var child in (await _temp.Store.QueryAsync<Blog>(_blog.Id))!.Posts)
        {
            titles.Add(child.Title);
        }

        Assert.Equal(["first", "second"], titles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_record_never_stored_has_no_related_records()
    {
        var loose = new Post { Title = "loose", BlogID = _blog.Id };

        Assert.Null(await loose.Blog.LoadAsync());
        Assert.Empty(await loose.Comments.ToListAsync());
    }

    [Fact]
    public async Task Predicates_reach_across_belongsTo_and_hasMany_in_SQL()
    {
        var inNews = await _temp.Store.QueryAsync<Comment>(c => c.Post.Matches(p => p.Blog.Matches(b => b.Name == "news")));
        var liked = await _temp.Store.QueryAsync<Post>(p => p.Comments.Any(c => c.Likes > 2));
        var unliked = await _temp.Store.QueryAsync<Post>(p => !p.Comments.Any(c => c.Likes > 2));
        var blogs = await _temp.Store.QueryAsync<Blog>(b => b.Posts.Any(p => p.Comments.Any(c => c.Content.StartsWith("o"))));

        Assert.Equal(3, inNews.Count);
        Assert.Equal(["first"], liked.Select(p => p.Title));
        Assert.Equal(["second"], unliked.Select(p => p.Title));
        Assert.Equal(["news"], blogs.Select(b => b.Name));
    }

    [Fact]
    public async Task Deleting_a_parent_cascades_to_children_each_with_its_own_delete()
    {
        await MarkAllInFlightAsync();

        var deleted = await _temp.Store.DeleteAsync<Blog>(_blog.Id);

        Assert.Equal(6, deleted.Count);
        Assert.IsType<Blog>(deleted[0]);
        Assert.Equal(0, await _temp.Store.CountAsync<Post>());
        Assert.Equal(0, await _temp.Store.CountAsync<Comment>());
        Assert.Equal(1, await _temp.Store.CountAsync<Blog>());
        var deletes = (await _temp.OutboxAsync()).Where(o => o.Operation == MutationOperation.Delete).ToList();
        Assert.Equal(["Blog", "Comment", "Comment", "Comment", "Post", "Post"], deletes.Select(o => o.ModelName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Deleting_cascades_over_hasOne()
    {
        var team = await _temp.Store.SaveAsync(new Team { Name = "core" });
        var project = await _temp.Store.SaveAsync(new Project { Name = "p", ProjectTeamId = team.Id });

        Assert.Equal("core", (await project.Team)!.Name);
        await _temp.Store.DeleteAsync(project);

        Assert.Equal(0, await _temp.Store.CountAsync<Team>());
    }

    [Fact]
    public async Task Deleting_by_predicate_removes_every_match_and_its_children()
    {
        var deleted = await _temp.Store.DeleteAsync<Post>(p => p.Title.StartsWith("f"));

        Assert.Equal(3, deleted.Count);
        Assert.Equal(["second"], (await _temp.Store.QueryAsync<Post>()).Select(p => p.Title));
        Assert.Equal(1, await _temp.Store.CountAsync<Comment>());
        Assert.Empty(await _temp.Store.DeleteAsync<Post>(p => p.Title == "none"));
    }

    [Fact]
    public async Task Deleting_an_unknown_id_is_an_error_and_changes_nothing()
    {
        var before = (await _temp.OutboxAsync()).Count;

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => _temp.Store.DeleteAsync<Post>("missing"));

        Assert.Equal(("Post", "missing"), (error.Model, error.ModelId));
        Assert.Equal(before, (await _temp.OutboxAsync()).Count);
    }

    [Fact]
    public async Task A_delete_condition_that_fails_deletes_nothing()
    {
        await Assert.ThrowsAsync<ConditionalSaveFailedException>(() => _temp.Store.DeleteAsync(_first, p => p.Title == "other"));

        Assert.Equal(2, await _temp.Store.CountAsync<Post>());
        Assert.Equal(3, await _temp.Store.CountAsync<Comment>());
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
