using System.Net.Http.Json;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.SyncApi;

namespace Stratus.Server.Tests.Limits;

/// <summary>
/// A document sent again is taken parsed and validated from the cache; its variables are still checked on every
/// request, and a document that failed validation keeps failing.
/// </summary>
public sealed class DocumentCacheTests : SyncApiTestBase
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    [Fact]
    public async Task A_cached_document_still_has_its_variables_checked_on_every_request()
    {
        const string Create = "mutation($i: CreatePostInput!) { createPost(input: $i) { title rating } }";

        var first = await Server.PostAsync(Create, new { i = new { title = "one", rating = 1 } });
        var badVariables = await Server.PostAsync(Create, new { i = new { title = "two", rating = "high" } });
        var missing = await Server.PostAsync(Create, new { i = new { rating = 3 } });
        var again = await Server.PostAsync(Create, new { i = new { title = "three", rating = 3 } });

        Assert.Equal(1, first.Ok().Data("createPost")!["rating"]!.GetValue<int>());
        Assert.Equal("ValidationError", badVariables.ErrorType);
        Assert.Equal("ValidationError", missing.ErrorType);
        Assert.Equal("three", again.Ok().Data("createPost")!["title"]!.GetValue<string>());
        Assert.Equal(["one", "three"], (await Server.PostAsync("{ listPosts { items { title } } }")).Ok().Data("listPosts")!["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task A_document_that_fails_validation_fails_every_time_and_operation_names_are_kept_apart()
    {
        const string Two = "query A { listPosts { items { id } } } subscription B { onCreatePost { id } }";

        var bad = await Server.PostAsync("{ listPosts { items { nope } } }");
        var badAgain = await Server.PostAsync("{ listPosts { items { nope } } }");
        var query = await Named(Two, "A");
        var subscription = await Named(Two, "B");
        var queryAgain = await Named(Two, "A");

        Assert.Equal(("ValidationError", "ValidationError"), (bad.ErrorType, badAgain.ErrorType));
        Assert.Null(query["errors"]);
        Assert.Equal("UnsupportedOperation", subscription["errors"]![0]!["errorType"]!.GetValue<string>());
        Assert.Null(queryAgain["errors"]);
    }

    private async Task<System.Text.Json.Nodes.JsonObject> Named(string query, string operationName)
    {
        using var response = await Server.Client.PostAsJsonAsync("/graphql", new { query, operationName });
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!;
    }
}
