using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;

namespace Stratus.Server.Tests.SyncApi;

public abstract partial class SyncApiTests
{
    [Fact]
    public async Task Create_returns_server_metadata_and_every_field()
    {
        var created = await CreatePostAsync(new
        {
            title = "Hello", status = "DRAFT", rating = 4, score = 1.5, published = false, tags = new[] { "a", "b" },
            meta = "{\"k\":1}", email = "a@example.com", publishedOn = "2026-01-01", address = new { street = "Main", city = "Oslo" },
        });

        Assert.Equal(36, Id(created).Length);
        Assert.Equal("Hello", created["title"]!.GetValue<string>());
        Assert.Equal("DRAFT", created["status"]!.GetValue<string>());
        Assert.Equal(4, created["rating"]!.GetValue<int>());
        Assert.Equal(1.5, created["score"]!.GetValue<double>());
        Assert.Equal(["a", "b"], created["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("{\"k\":1}", created["meta"]!.GetValue<string>());
        Assert.Equal("Oslo", created["address"]!["city"]!.GetValue<string>());
        Assert.Equal(1, Version(created));
        Assert.Null(created["_deleted"]);
        Assert.Equal(Server.Time.GetUtcNow().ToUnixTimeMilliseconds(), created["_lastChangedAt"]!.GetValue<long>());
        Assert.Equal("2026-01-01T00:00:00.000Z", created["createdAt"]!.GetValue<string>());
        Assert.Equal(created["createdAt"]!.GetValue<string>(), created["updatedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_keeps_a_client_id_and_get_returns_the_same_item()
    {
        var created = await CreatePostAsync(new { id = "post-1", title = "Mine" });

        var fetched = await GetPostAsync("post-1");

        Assert.Equal("post-1", Id(created));
        Assert.Equal(created.ToJsonString(), fetched!.ToJsonString());
    }

    [Fact]
    public async Task Get_of_an_unknown_id_returns_null_without_error()
    {
        Assert.Null(await GetPostAsync("missing"));
    }

    [Fact]
    public async Task Create_of_an_existing_id_fails_with_ConditionalCheckFailedException_and_changes_nothing()
    {
        await CreatePostAsync(new { id = "dup", title = "First" });

        var second = await Server.PostAsync("mutation { createPost(input: {id: \"dup\", title: \"Second\"}) { id } }");

        Assert.Equal("ConditionalCheckFailedException", second.ErrorType);
        Assert.Null(second.Body["data"]!["createPost"]);
        Assert.Equal("First", (await GetPostAsync("dup"))!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_increments_the_version_sets_given_fields_removes_nulls_and_keeps_absent_ones()
    {
        var created = await CreatePostAsync(new { title = "T", rating = 3, tags = new[] { "x" } });
        Server.Time.Advance(TimeSpan.FromSeconds(5));

        var updated = (await UpdatePostAsync(new Dictionary<string, object?> { ["id"] = Id(created), ["title"] = "T2", ["rating"] = null, ["_version"] = 1 }))
            .Ok().Data("updatePost")!;

        Assert.Equal(2, Version(updated));
        Assert.Equal("T2", updated["title"]!.GetValue<string>());
        Assert.Null(updated["rating"]);
        Assert.Equal(["x"], updated["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(created["createdAt"]!.GetValue<string>(), updated["createdAt"]!.GetValue<string>());
        Assert.Equal("2026-01-01T00:00:05.000Z", updated["updatedAt"]!.GetValue<string>());
        Assert.True(updated["_lastChangedAt"]!.GetValue<long>() > created["_lastChangedAt"]!.GetValue<long>());
        var stored = await GetPostAsync(Id(created));
        Assert.Null(stored!["rating"]);
        Assert.Equal(2, Version(stored));
    }

    [Fact]
    public async Task Every_accepted_write_increments_the_version_by_one()
    {
        var created = await CreatePostAsync(new { title = "v" });
        for (var version = 1; version <= 5; version++)
        {
            var updated = (await UpdatePostAsync(new { id = Id(created), title = $"v{version}", _version = version })).Ok().Data("updatePost")!;
            Assert.Equal(version + 1, Version(updated));
        }

        var deleted = (await DeletePostAsync(new { id = Id(created), _version = 6 })).Ok().Data("deletePost")!;
        Assert.Equal(7, Version(deleted));
    }

    [Fact]
    public async Task Delete_is_a_soft_delete_returned_by_get_and_list_until_it_expires()
    {
        var created = await CreatePostAsync(new { title = "gone" });

        var deleted = (await DeletePostAsync(new { id = Id(created), _version = 1 })).Ok().Data("deletePost")!;

        Assert.True(deleted["_deleted"]!.GetValue<bool>());
        Assert.Equal(2, Version(deleted));
        Assert.Equal("gone", deleted["title"]!.GetValue<string>());
        Assert.True((await GetPostAsync(Id(created)))!["_deleted"]!.GetValue<bool>());
        var list = (await Server.PostAsync("{ listPosts { items { id _deleted } } }")).Ok().Data("listPosts")!["items"]!.AsArray();
        Assert.True(Assert.Single(list)!["_deleted"]!.GetValue<bool>());

        Server.Time.Advance(TimeSpan.FromMinutes(43200 + 1));
        Assert.Null(await GetPostAsync(Id(created)));
        var list2 = (await Server.PostAsync("{ listPosts { items { id } } }")).Ok().Data("listPosts")!["items"]!.AsArray();
        Assert.Empty(list2);
    }

    [Fact]
    public async Task Update_or_delete_of_a_missing_item_is_Unauthorized()
    {
        var update = await UpdatePostAsync(new { id = "nope", title = "x", _version = 1 });
        var delete = await DeletePostAsync(new { id = "nope", _version = 1 });

        Assert.Equal("Unauthorized", update.ErrorType);
        Assert.Equal("Not Authorized to access updatePost on type Mutation", update.SingleError["message"]!.GetValue<string>());
        Assert.Equal("Unauthorized", delete.ErrorType);
        Assert.Empty((await Server.PostAsync("{ listPosts { items { id } } }")).Ok().Data("listPosts")!["items"]!.AsArray());
    }

    [Fact]
    public async Task Relationship_fields_resolve_in_both_directions()
    {
        var post = await CreatePostAsync(new { id = "p1", title = "with comments" });
        foreach (var n in Enumerable.Range(1, 3))
        {
            (await Server.PostAsync($"mutation {{ createComment(input: {{id: \"c{n}\", content: \"c{n}\", postCommentsId: \"p1\"}}) {{ id }} }}")).Ok();
        }

        (await Server.PostAsync("mutation { createComment(input: {id: \"other\", content: \"elsewhere\"}) { id } }")).Ok();

        var comments = (await Server.PostAsync("{ getPost(id: \"p1\") { comments { items { id content } nextToken } } }")).Ok().Data("getPost")!["comments"]!;
        Assert.Equal(["c1", "c2", "c3"], comments["items"]!.AsArray().Select(c => Id(c!)).Order());
        var parents = (await Server.PostAsync("{ listComments { items { id post { id title } } } }")).Ok().Data("listComments")!["items"]!.AsArray();
        Assert.Equal(4, parents.Count);
        Assert.All(parents.Where(c => Id(c!) != "other"), c => Assert.Equal("with comments", c!["post"]!["title"]!.GetValue<string>()));
        Assert.Null(parents.Single(c => Id(c!) == "other")!["post"]);
        Assert.Equal("p1", Id(post));
    }

    [Fact]
    public async Task Nested_relationships_cost_one_query_per_level_not_per_parent()
    {
        for (var p = 0; p < 6; p++)
        {
            await CreatePostAsync(new { id = $"p{p}", title = $"post {p}" });
            for (var c = 0; c < 3; c++)
            {
                (await Server.PostAsync($"mutation {{ createComment(input: {{id: \"p{p}c{c}\", content: \"c\", postCommentsId: \"p{p}\"}}) {{ id }} }}")).Ok();
            }
        }

        var connections = Server.Services.GetRequiredService<Storage.ConnectionFactory>();
        var before = connections.Opened;
        var posts = (await Server.PostAsync("{ listPosts { items { id comments(limit: 2) { items { id post { id } } nextToken } } } }"))
            .Ok().Data("listPosts")!["items"]!.AsArray();
        var queries = connections.Opened - before;

        Assert.Equal(6, posts.Count);
        Assert.All(posts, p =>
        {
            var comments = p!["comments"]!;
            Assert.Equal(2, comments["items"]!.AsArray().Count);
            Assert.NotNull(comments["nextToken"]);
            Assert.All(comments["items"]!.AsArray(), c => Assert.Equal(Id(p), Id(c!["post"]!)));
        });
        Assert.Equal(3, queries);

        var first = posts[0]!;
        var rest = (await Server.PostAsync("query($t: String) { getPost(id: \"" + Id(first) + "\") { comments(limit: 2, nextToken: $t) { items { id } nextToken } } }",
            new { t = first["comments"]!["nextToken"]!.GetValue<string>() })).Ok().Data("getPost")!["comments"]!;
        Assert.Single(rest["items"]!.AsArray());
        Assert.Null(rest["nextToken"]);
    }

    [Fact]
    public async Task Composite_primary_key_get_list_with_sort_key_conditions_and_direction()
    {
        foreach (var at in new[] { 10, 20, 30, 40 })
        {
            (await Server.PostAsync($"mutation {{ createReading(input: {{sensor: \"s1\", at: {at}, value: {at}.5}}) {{ sensor }} }}")).Ok();
        }

        (await Server.PostAsync("mutation { createReading(input: {sensor: \"s2\", at: 10}) { sensor } }")).Ok();

        var one = (await Server.PostAsync("{ getReading(sensor: \"s1\", at: 20) { sensor at value _version } }")).Ok().Data("getReading")!;
        Assert.Equal(20.5, one["value"]!.GetValue<double>());
        var between = (await Server.PostAsync("{ listReadings(sensor: \"s1\", at: {between: [15, 35]}, sortDirection: DESC) { items { at } } }")).Ok().Data("listReadings")!["items"]!.AsArray();
        Assert.Equal([30, 20], between.Select(i => i!["at"]!.GetValue<int>()));
        var gt = (await Server.PostAsync("{ listReadings(sensor: \"s1\", at: {gt: 20}) { items { at } } }")).Ok().Data("listReadings")!["items"]!.AsArray();
        Assert.Equal([30, 40], gt.Select(i => i!["at"]!.GetValue<int>()));
        var updated = (await Server.PostAsync("mutation { updateReading(input: {sensor: \"s1\", at: 20, value: 1.0, _version: 1}) { value _version } }")).Ok().Data("updateReading")!;
        Assert.Equal(2, Version(updated));
    }

    [Fact]
    public async Task Index_query_field_filters_by_partition_and_sort_key_in_order()
    {
        foreach (var (title, status, rating) in new[] { ("a", "DRAFT", 5), ("b", "DRAFT", 1), ("c", "PUBLISHED", 3), ("d", "DRAFT", 3), ("e", "DRAFT", 9) })
        {
            await CreatePostAsync(new { title, status, rating });
        }

        await CreatePostAsync(new { title = "no-status", rating = 2 });

        var page = (await Server.PostAsync("{ postsByStatus(status: DRAFT, rating: {le: 5}, sortDirection: ASC) { items { title rating } } }")).Ok().Data("postsByStatus")!["items"]!.AsArray();

        Assert.Equal(["b", "d", "a"], page.Select(p => p!["title"]!.GetValue<string>()));
        var desc = (await Server.PostAsync("{ postsByStatus(status: DRAFT, sortDirection: DESC, limit: 2) { items { title } nextToken } }")).Ok().Data("postsByStatus")!;
        Assert.Equal(["e", "a"], desc["items"]!.AsArray().Select(p => p!["title"]!.GetValue<string>()));
        var next = (await Server.PostAsync("query($t: String) { postsByStatus(status: DRAFT, sortDirection: DESC, limit: 2, nextToken: $t) { items { title } nextToken } }",
            new { t = desc["nextToken"]!.GetValue<string>() })).Ok().Data("postsByStatus")!;
        Assert.Equal(["d", "b"], next["items"]!.AsArray().Select(p => p!["title"]!.GetValue<string>()));
    }
}
