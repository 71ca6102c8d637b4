using System.Text.Json;

namespace Stratus.Server.Tests.SyncApi;

public abstract partial class SyncApiTests
{
    /// <summary>Filter, and the titles it must select from <see cref="SeedFilterPostsAsync"/>'s posts.</summary>
    public static readonly (string Filter, string[] Expected)[] FilterCases =
    [
        ("{title: {eq: \"apple\"}}", ["apple"]),
        ("{title: {ne: \"apple\"}}", ["Banana", "cherry", "date"]),
        ("{title: {lt: \"b\"}}", ["Banana", "apple"]),
        ("{title: {le: \"apple\"}}", ["Banana", "apple"]),
        ("{title: {gt: \"cherry\"}}", ["date"]),
        ("{title: {ge: \"cherry\"}}", ["cherry", "date"]),
        ("{title: {between: [\"apple\", \"cherry\"]}}", ["apple", "cherry"]),
        ("{title: {beginsWith: \"ch\"}}", ["cherry"]),
        ("{title: {contains: \"an\"}}", ["Banana"]),
        ("{title: {notContains: \"a\"}}", ["cherry"]),
        ("{rating: {eq: 2}}", ["Banana"]),
        ("{rating: {ne: 2}}", ["apple", "cherry", "date"]),
        ("{rating: {gt: 2}}", ["cherry"]),
        ("{rating: {ge: 2}}", ["Banana", "cherry"]),
        ("{rating: {lt: 2}}", ["apple"]),
        ("{rating: {le: 1}}", ["apple"]),
        ("{rating: {between: [1, 2]}}", ["Banana", "apple"]),
        ("{rating: {attributeExists: true}}", ["Banana", "apple", "cherry"]),
        ("{rating: {attributeExists: false}}", ["date"]),
        ("{score: {gt: 1.25}}", ["Banana", "cherry"]),
        ("{score: {le: 1.25}}", ["apple"]),
        ("{published: {eq: true}}", ["apple", "cherry"]),
        ("{published: {ne: true}}", ["Banana", "date"]),
        ("{tags: {contains: \"red\"}}", ["apple", "cherry"]),
        ("{tags: {notContains: \"red\"}}", ["Banana", "date"]),
        ("{status: {eq: PUBLISHED}}", ["apple", "cherry"]),
        ("{status: {ne: PUBLISHED}}", ["Banana", "date"]),
        ("{email: {beginsWith: \"a\"}}", ["apple"]),
        ("{and: [{rating: {ge: 1}}, {published: {eq: true}}]}", ["apple", "cherry"]),
        ("{or: [{title: {eq: \"date\"}}, {rating: {eq: 2}}]}", ["Banana", "date"]),
        ("{not: {published: {eq: true}}}", ["Banana", "date"]),
        ("{rating: {ge: 1}, published: {eq: false}}", ["Banana"]),
        ("{and: [{or: [{rating: {eq: 1}}, {rating: {eq: 3}}]}, {not: {title: {beginsWith: \"c\"}}}]}", ["apple"]),
        ("{_deleted: {eq: true}}", ["date"]),
        ("{tags: {eq: \"red\"}}", []),
        ("{tags: {ne: \"red\"}}", ["Banana", "apple", "cherry", "date"]),
        ("{tags: {beginsWith: \"r\"}}", []),
        ("{labels: {eq: [DRAFT, PUBLISHED]}}", ["apple"]),
        ("{labels: {ne: [DRAFT, PUBLISHED]}}", ["Banana", "cherry", "date"]),
        ("{labels: {contains: DRAFT}}", ["Banana", "apple"]),
        ("{labels: {notContains: DRAFT}}", ["cherry", "date"]),
        ("{_deleted: {ne: true}}", ["Banana", "apple", "cherry"]),
    ];

    private async Task SeedFilterPostsAsync()
    {
        await CreatePostAsync(new { title = "apple", rating = 1, score = 1.25, published = true, tags = new[] { "red", "fruit" }, labels = new[] { "DRAFT", "PUBLISHED" }, status = "PUBLISHED", email = "a@x.io" });
        await CreatePostAsync(new { title = "Banana", rating = 2, score = 2.5, published = false, tags = new[] { "yellow" }, labels = new[] { "DRAFT" }, counts = new[] { 7, 8 }, status = "DRAFT", email = "b@x.io" });
        await CreatePostAsync(new { title = "cherry", rating = 3, score = 3.75, published = true, tags = new[] { "red" }, status = "PUBLISHED" });
        var date = await CreatePostAsync(new { title = "date" });
        (await DeletePostAsync(new { id = Id(date), _version = 1 })).Ok();
    }

    [Fact]
    public async Task Every_filter_operator_selects_the_same_items_in_list_and_sync()
    {
        await SeedFilterPostsAsync();
        var failures = new List<string>();
        foreach (var (filter, expected) in FilterCases)
        {
            foreach (var field in new[] { "listPosts", "syncPosts" })
            {
                var response = await Server.PostAsync($"{{ {field}(filter: {filter}, limit: 1000) {{ items {{ title }} }} }}");
                if (response.Errors.Count > 0)
                {
                    failures.Add($"{field} {filter}: {response.Errors.ToJsonString()}");
                    continue;
                }

                var titles = response.Data(field)!["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();
                if (!titles.SequenceEqual(expected.Order(StringComparer.Ordinal)))
                {
                    failures.Add($"{field} {filter}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", titles)}]");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task A_filter_of_the_most_terms_runs_and_one_past_it_is_refused_naming_the_limit()
    {
        var id = Id(await CreatePostAsync(new { title = "needle" }));
        await CreatePostAsync(new { title = "hay" });
        const string Query = "query($f: ModelPostFilterInput) { listPosts(filter: $f, limit: 1000) { items { id } } }";
        object Or(int terms) => new { or = Enumerable.Range(0, terms).Select(i => new { title = new { eq = i == terms - 1 ? "needle" : $"t{i}" } }).ToArray() };

        // An or of 299 conditions is 300 terms: the most a filter holds, on every provider.
        var widest = await Server.PostAsync(Query, new { f = Or(299) });
        var tooWide = await Server.PostAsync(Query, new { f = Or(998) });

        Assert.Equal([id], widest.Ok().Data("listPosts")!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal("BadRequest", tooWide.ErrorType);
        Assert.Contains("The filter has 999 terms; a filter holds at most 300.", tooWide.SingleError["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Condition_is_checked_atomically_and_a_failed_condition_writes_nothing()
    {
        var post = await CreatePostAsync(new { title = "c", rating = 1 });

        var failed = await UpdatePostAsync(new { id = Id(post), title = "changed", _version = 1 }, new { rating = new { gt = 5 } });
        var passed = await UpdatePostAsync(new { id = Id(post), title = "changed", _version = 1 }, new { rating = new { eq = 1 } });

        Assert.Equal("ConditionalCheckFailedException", failed.ErrorType);
        Assert.Null(failed.SingleError["data"]);
        Assert.Equal(2, Version(passed.Ok().Data("updatePost")!));
        var deleteFailed = await DeletePostAsync(new { id = Id(post), _version = 2 }, new { title = new { eq = "other" } });
        Assert.Equal("ConditionalCheckFailedException", deleteFailed.ErrorType);
        var stored = await GetPostAsync(Id(post));
        Assert.Null(stored!["_deleted"]);
        Assert.Equal(JsonSerializer.Serialize("changed"), stored["title"]!.ToJsonString());
    }
}
