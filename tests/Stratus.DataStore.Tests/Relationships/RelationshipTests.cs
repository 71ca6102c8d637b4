using Stratus.DataStore.Exceptions;
using Stratus.DataStore.Storage;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Relationships;

public sealed class RelationshipTests : LocalStoreTest
{
    private Blog _blog = null!;
    private Post _first = null!;
    private Post _second = null!;

    public override async Task InitializeAsync()
    {
        _blog = await Store.SaveAsync(new Blog { Name = "news" });
        await Store.SaveAsync(new Blog { Name = "other" });
        _first = await Store.SaveAsync(new Post { Title = "first", BlogID = _blog.Id });
        _second = await Store.SaveAsync(new Post { Title = "second", BlogID = _blog.Id });
        await Store.SaveAllAsync(
        [
            new Comment { PostID = _first.Id, Content = "great", Likes = 5 },
            new Comment { PostID = _first.Id, Content = "meh", Likes = 0 },
            new Comment { PostID = _second.Id, Content = "ok", Likes = 1 },
        ]);
    }

    [Fact]
    public async Task Relationship_properties_load_from_the_local_store()
    {
        var post = (await Store.QueryAsync<Post>(_first.Id))!;

        Assert.Equal("news", (await post.Blog)!.Name);
        Assert.Equal(["great", "meh"], (await post.Comments.ToListAsync()).Select(c => c.Content).Order(StringComparer.Ordinal));
        Assert.Single(await post.Comments.ToListAsync(max: 1));
        var titles = new List<string>();
        await foreach (var child in (await Store.QueryAsync<Blog>(_blog.Id))!.Posts)
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
        var inNews = await Store.QueryAsync<Comment>(c => c.Post.Matches(p => p.Blog.Matches(b => b.Name == "news")));
        var liked = await Store.QueryAsync<Post>(p => p.Comments.Any(c => c.Likes > 2));
        var unliked = await Store.QueryAsync<Post>(p => !p.Comments.Any(c => c.Likes > 2));
        var blogs = await Store.QueryAsync<Blog>(b => b.Posts.Any(p => p.Comments.Any(c => c.Content.StartsWith("o"))));

        Assert.Equal(3, inNews.Count);
        Assert.Equal(["first"], liked.Select(p => p.Title));
        Assert.Equal(["second"], unliked.Select(p => p.Title));
        Assert.Equal(["news"], blogs.Select(b => b.Name));
    }

    [Fact]
    public async Task Deleting_a_parent_cascades_to_children_each_with_its_own_delete()
    {
        await Temp.MarkOutboxInFlightAsync();

        var deleted = await Store.DeleteAsync<Blog>(_blog.Id);

        Assert.Equal(6, deleted.Count);
        Assert.IsType<Blog>(deleted[0]);
        Assert.Equal(0, await Store.CountAsync<Post>());
        Assert.Equal(0, await Store.CountAsync<Comment>());
        Assert.Equal(1, await Store.CountAsync<Blog>());
        var deletes = (await Temp.OutboxAsync()).Where(o => o.Operation == MutationOperation.Delete).ToList();
        Assert.Equal(["Blog", "Comment", "Comment", "Comment", "Post", "Post"], deletes.Select(o => o.ModelName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Deleting_cascades_over_hasOne()
    {
        var team = await Store.SaveAsync(new Team { Name = "core" });
        var project = await Store.SaveAsync(new Project { Name = "p", ProjectTeamId = team.Id });

        Assert.Equal("core", (await project.Team)!.Name);
        await Store.DeleteAsync(project);

        Assert.Equal(0, await Store.CountAsync<Team>());
    }

    [Fact]
    public async Task Deleting_by_predicate_removes_every_match_and_its_children()
    {
        var deleted = await Store.DeleteAsync<Post>(p => p.Title.StartsWith("f"));

        Assert.Equal(3, deleted.Count);
        Assert.Equal(["second"], (await Store.QueryAsync<Post>()).Select(p => p.Title));
        Assert.Equal(1, await Store.CountAsync<Comment>());
        Assert.Empty(await Store.DeleteAsync<Post>(p => p.Title == "none"));
    }

    [Fact]
    public async Task Deleting_an_unknown_id_is_an_error_and_changes_nothing()
    {
        var before = (await Temp.OutboxAsync()).Count;

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => Store.DeleteAsync<Post>("missing"));

        Assert.Equal(("Post", "missing"), (error.Model, error.ModelId));
        Assert.Equal(before, (await Temp.OutboxAsync()).Count);
    }

    [Fact]
    public async Task A_delete_condition_that_fails_deletes_nothing()
    {
        await Assert.ThrowsAsync<ConditionalSaveFailedException>(() => Store.DeleteAsync(_first, p => p.Title == "other"));

        Assert.Equal(2, await Store.CountAsync<Post>());
        Assert.Equal(3, await Store.CountAsync<Comment>());
    }
}
