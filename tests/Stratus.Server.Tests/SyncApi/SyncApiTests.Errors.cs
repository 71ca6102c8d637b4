using Stratus.Schema.AppSync.Errors;
using System.Net;
using System.Text;

namespace Stratus.Server.Tests.SyncApi;

public abstract partial class SyncApiTests
{
    [Fact]
    public async Task Missing_or_wrong_api_key_is_HTTP_401_UnauthorizedException()
    {
        using var anonymous = new HttpClient { BaseAddress = Server.Client.BaseAddress };
        var missing = await Server.PostAsync("{ listPosts { items { id } } }", client: anonymous);
        anonymous.DefaultRequestHeaders.Add("x-api-key", "da2-wrong");
        var wrong = await Server.PostAsync("{ listPosts { items { id } } }", client: anonymous);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal("UnauthorizedException", missing.ErrorType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal("You are not authorized to make this call.", wrong.SingleError["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{ listPosts { items { id } ", "MalformedHttpRequestException")]
    [InlineData("{ listPosts { items { nope } } }", "ValidationError")]
    [InlineData("{ getPost { id } }", "ValidationError")]
    [InlineData("mutation { createPost(input: {title: \"x\", rating: \"high\"}) { id } }", "ValidationError")]
    [InlineData("mutation { createPost(input: {title: \"x\", email: \"not-an-email\"}) { id } }", "ValidationError")]
    [InlineData("mutation { createPost(input: {title: \"x\", publishedOn: \"2026-13-40\"}) { id } }", "ValidationError")]
    [InlineData("mutation { createPost(input: {title: \"x\", meta: \"{not json\"}) { id } }", "ValidationError")]
    [InlineData("mutation { createPost(input: {title: \"x\", _lastChangedAt: 5}) { id } }", "BadRequest")]
    [InlineData("mutation { createPost(input: {title: \"x\", _deleted: true}) { id } }", "BadRequest")]
    [InlineData("mutation { createPost(input: {title: \"x\", _ttl: 1}) { id } }", "BadRequest")]
    [InlineData("{ listPosts(limit: 1001) { items { id } } }", "BadRequest")]
    [InlineData("{ syncPosts(limit: 0) { items { id } } }", "BadRequest")]
    [InlineData("{ listPosts(nextToken: \"garbage\") { items { id } } }", "InvalidNextTokenException")]
    public async Task Bad_input_gets_a_clear_error_and_writes_nothing(string query, string errorType)
    {
        var response = await Server.PostAsync(query);

        Assert.Equal(errorType, response.ErrorType);
        Assert.False(string.IsNullOrWhiteSpace(response.SingleError["message"]!.GetValue<string>()));
        Assert.Empty((await Server.PostAsync("{ listPosts { items { id } } }")).Ok().Data("listPosts")!["items"]!.AsArray());
    }

    [Fact]
    public async Task Sync_metadata_in_variables_is_BadRequest()
    {
        var response = await Server.PostAsync("mutation($input: CreatePostInput!) { createPost(input: $input) { id } }",
            new { input = new Dictionary<string, object?> { ["title"] = "x", ["_lastChangedAt"] = 1 } });

        Assert.Equal("BadRequest", response.ErrorType);
        Assert.Contains("_lastChangedAt", response.SingleError["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_from_another_query_or_an_altered_token_is_refused()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreatePostAsync(new { title = $"p{i}" });
        }

        var token = (await Server.PostAsync("{ listPosts(limit: 1) { nextToken } }")).Ok().Data("listPosts")!["nextToken"]!.GetValue<string>();
        var otherFilter = await Server.PostAsync("query($t: String) { listPosts(limit: 1, nextToken: $t, filter: {rating: {gt: 1}}) { items { id } } }", new { t = token });
        var otherField = await Server.PostAsync("query($t: String) { syncPosts(limit: 1, nextToken: $t) { items { id } } }", new { t = token });
        var altered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        var tampered = await Server.PostAsync("query($t: String) { listPosts(limit: 1, nextToken: $t) { items { id } } }", new { t = altered });
        var valid = await Server.PostAsync("query($t: String) { listPosts(limit: 5, nextToken: $t) { items { id } } }", new { t = token });

        Assert.Equal("InvalidNextTokenException", otherFilter.ErrorType);
        Assert.Equal("InvalidNextTokenException", otherField.ErrorType);
        Assert.Equal("InvalidNextTokenException", tampered.ErrorType);
        Assert.Equal(2, valid.Ok().Data("listPosts")!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Non_json_body_is_HTTP_400_and_an_oversized_body_HTTP_413()
    {
        var notJson = await Server.Client.PostAsync("/graphql", new StringContent("not json", Encoding.UTF8, "application/json"));
        var huge = await Server.Client.PostAsync("/graphql", new StringContent("{\"query\":\"" + new string(' ', 2 * 1024 * 1024) + "{ listPosts { items { id } } }\"}", Encoding.UTF8, "application/json"));
        var after = await Server.PostAsync("{ listPosts { items { id } } }");

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("MalformedHttpRequestException", await notJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        after.Ok();
    }

    [Fact]
    public async Task A_query_whose_result_would_explode_is_refused_before_it_runs()
    {
        var explosive = "{ listComments(limit: 1000) { items { post { comments(limit: 1000) { items { post { comments(limit: 1000) { items { post { comments(limit: 1000) { items { id content } } } } } } } } } } } }";

        var response = await Server.PostAsync(explosive);

        Assert.Equal("ValidationError", response.ErrorType);
        Assert.Null(response.Body["data"]);
    }

    [Fact]
    public async Task An_over_deep_query_is_refused_and_the_server_keeps_serving()
    {
        var deep = "{ getPost(id: \"x\") { " + string.Concat(Enumerable.Repeat("comments { items { post { ", 20)) + "id" + new string('}', 60) + " } }";

        var response = await Server.PostAsync(deep);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.NotNull(response.ErrorType);
        Assert.Null(response.Body["data"]);
        (await Server.PostAsync("{ listPosts { items { id } } }")).Ok();
    }
}
