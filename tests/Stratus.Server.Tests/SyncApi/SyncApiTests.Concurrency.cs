namespace Stratus.Server.Tests.SyncApi;

/// <summary>
/// Concurrent writes through HTTP. On PostgreSQL they run side by side; on SQLite they commit in groups, one
/// savepoint each: either way a write that fails changes nothing and does not disturb the others.
/// </summary>
public abstract partial class SyncApiTests
{
    [Fact]
    public async Task Concurrent_creates_store_each_new_id_once_and_refuse_the_repeats_alone()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Server.PostAsync(
            "mutation($input: CreatePostInput!) { createPost(input: $input) { id title _version } }",
            new { input = new { id = i % 3 == 0 ? "same" : $"own-{i}", title = $"writer {i}" } })));

        var same = answers.Where((_, i) => i % 3 == 0).ToList();
        var created = Assert.Single(same, a => a.Errors.Count == 0);
        Assert.All(same.Where(a => a != created), a => Assert.Equal("ConditionalCheckFailedException", a.ErrorType));
        Assert.Equal(created.Data("createPost")!["title"]!.GetValue<string>(), (await GetPostAsync("same"))!["title"]!.GetValue<string>());
        Assert.Equal([(1L, false)], await DeltaRowsAsync("Post", "same"));

        var own = Enumerable.Range(0, 24).Where(i => i % 3 != 0).ToList();
        Assert.All(own, i => Assert.Equal(1, Version(answers[i].Ok().Data("createPost")!)));
        foreach (var i in own)
        {
            Assert.Equal($"writer {i}", (await GetPostAsync($"own-{i}"))!["title"]!.GetValue<string>());
            Assert.Equal([(1L, false)], await DeltaRowsAsync("Post", $"own-{i}"));
        }
    }

    [Fact]
    public async Task A_create_over_an_expired_tombstone_the_sweeper_has_not_reached_starts_again_at_version_1()
    {
        // Tombstones last one minute; the sweeper would come only after a day.
        await RestartAsync(o =>
        {
            o.TombstoneTtl = 1;
            o.SweepInterval = 86_400;
        });
        (await DeletePostAsync(new { id = Id(await CreatePostAsync(new { id = "again", title = "first" })), _version = 1 })).Ok();
        Assert.Equal("ConditionalCheckFailedException", (await Server.PostAsync("mutation { createPost(input: {id: \"again\", title: \"too soon\"}) { id } }")).ErrorType);

        Server.Time.Advance(TimeSpan.FromMinutes(2));
        var created = (await Server.PostAsync("mutation { createPost(input: {id: \"again\", title: \"second\"}) { id title _version _deleted } }")).Ok().Data("createPost")!;

        Assert.Equal(1, Version(created));
        Assert.Null(created["_deleted"]);
        Assert.Equal("second", (await GetPostAsync("again"))!["title"]!.GetValue<string>());
        Assert.Equal([(1L, false), (2L, true), (1L, false)], await DeltaRowsAsync("Post", "again"));
    }
}
