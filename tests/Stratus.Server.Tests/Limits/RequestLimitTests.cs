using System.Text;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.SyncApi;

namespace Stratus.Server.Tests.Limits;

/// <summary>
/// Crafted documents that used to hold a CPU core for seconds to minutes are refused up front with an error that
/// names the limit; documents within the limits still run.
/// </summary>
public sealed class RequestLimitTests : SyncApiTestBase
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    /// <summary>Fragments that each spread the next one twice: 2^levels fields once expanded, in a few hundred bytes.</summary>
    public static string FragmentFanOut(string operation, string type, string selection, int levels)
    {
        var text = new StringBuilder($"{operation} {{ {selection} {{ ...F0 }} }}\n");
        for (var i = 0; i < levels; i++)
        {
            text.Append($"fragment F{i} on {type} {{ items {{ id }} ...F{i + 1} ...F{i + 1} }}\n");
        }

        return text.Append($"fragment F{levels} on {type} {{ items {{ id }} }}").ToString();
    }

    public static TheoryData<string, string, string> Crafted() => new()
    {
        { "fragment fan-out, 30 levels", FragmentFanOut("query", "ModelPostConnection", "listPosts", 30), "MaxExpandedFields" },
        { "5,000 identical fields", "{ " + string.Concat(Enumerable.Repeat("__typename ", 5_000)) + "}", "MaxSelectionFields" },
        { "4,000 repeated directives", "{ listPosts { items { id" + string.Concat(Enumerable.Repeat(" @include(if: true)", 4_000)) + " } } }", "MaxDirectives" },
        { "a 200,000-character document", "{ listPosts { items { id } } }" + new string(' ', 200_000), "MaxDocumentLength" },
        { "10,000 list literal values", "{ listPosts(filter: {title: {in: [" + string.Join(",", Enumerable.Repeat("\"x\"", 10_000)) + "]}}) { items { id } } }", "MaxDocumentNodes" },
    };

    [Theory]
    [MemberData(nameof(Crafted))]
    public async Task A_costly_document_is_refused_before_it_runs_with_the_limit_named(string name, string query, string limit)
    {
        var response = await Server.PostAsync(query);

        var error = response.SingleError;
        Assert.True(error["errorType"]!.GetValue<string>() == "ValidationError", name + ": " + error.ToJsonString());
        Assert.Contains($"({limit}", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(response.Body["data"]);
    }

    [Fact]
    public async Task Literals_nested_past_the_parser_limit_are_a_parse_error_naming_the_limit()
    {
        var nested = new string('[', 100) + "\"x\"" + new string(']', 100);

        var response = await Server.PostAsync("{ listPosts(filter: {title: {in: " + nested + "}}) { items { id } } }");

        Assert.Equal("MalformedHttpRequestException", response.ErrorType);
        Assert.Contains("(MaxParseDepth)", response.SingleError["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_with_many_errors_answers_at_most_MaxErrors_and_says_how_many_were_left_out()
    {
        var fields = string.Join(" ", Enumerable.Range(0, 200).Select(i => $"missing{i}"));

        var response = await Server.PostAsync("{ listPosts { items { " + fields + " } } }");

        Assert.Equal(101, response.Errors.Count);
        Assert.Equal("ValidationError", response.Errors[0]!["errorType"]!.GetValue<string>());
        Assert.Equal(("TooManyErrors", "100 more errors were left out (MaxErrors is 100)."),
            (response.Errors[100]!["errorType"]!.GetValue<string>(), response.Errors[100]!["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Documents_within_the_limits_still_run_fragments_and_directives_included()
    {
        var id = Id(await CreatePostAsync(new { title = "kept" }));

        var fanned = await Server.PostAsync(FragmentFanOut("query", "ModelPostConnection", "listPosts", 6));
        var directed = await Server.PostAsync("{ listPosts { items { title @include(if: true) id @skip(if: true) } } }");

        Assert.Equal(id, fanned.Ok().Data("listPosts")!["items"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("{\"title\":\"kept\"}", directed.Ok().Data("listPosts")!["items"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task A_realtime_start_is_held_to_the_same_limits()
    {
        await using var socket = await RealtimeClient.ConnectAsync(Server.Client.BaseAddress!);
        await socket.InitAsync();

        var id = await socket.StartAsync(FragmentFanOut("subscription", "Post", "onCreatePost", 30).Replace("items { id }", "id", StringComparison.Ordinal), expectAck: false);
        var error = await socket.ExpectAsync("error", id);

        var first = error["payload"]!["errors"]![0]!;
        Assert.Equal("ValidationError", first["errorType"]!.GetValue<string>());
        Assert.Contains("(MaxExpandedFields)", first["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_names_a_key_twice_is_HTTP_400_and_runs_nothing()
    {
        const string Body = """{"query": "{ listPosts { items { id } } }", "query": "mutation { createPost(input: {title: \"sneaked\"}) { id } }"}""";

        using var response = await Server.Client.PostAsync("/graphql", new StringContent(Body, Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var error = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Equal("MalformedHttpRequestException", error["errorType"]!.GetValue<string>());
        Assert.Contains("query", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await Server.PostAsync("{ listPosts { items { id } } }")).Ok().Data("listPosts")!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_realtime_start_whose_data_names_a_key_twice_is_refused()
    {
        await using var socket = await RealtimeClient.ConnectAsync(Server.Client.BaseAddress!);
        await socket.InitAsync();

        await socket.SendAsync(new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = "twice",
            ["type"] = "start",
            ["payload"] = new System.Text.Json.Nodes.JsonObject
            {
                ["data"] = """{"query": "subscription { onCreatePost { id } }", "query": "subscription { onDeletePost { id } }", "variables": {}}""",
                ["extensions"] = new System.Text.Json.Nodes.JsonObject { ["authorization"] = new System.Text.Json.Nodes.JsonObject { ["host"] = "127.0.0.1", ["x-api-key"] = StratusTestServer.ApiKey } },
            },
        });
        var error = await socket.ExpectAsync("error", "twice");

        Assert.Equal("BadRequestException", error["payload"]!["errors"]![0]!["errorType"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{title: {in: [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]}}", "Filters exceed maximum attributes limit: 'in' on 'title' has 6 values; a subscription filter takes at most 5.")]
    [InlineData("{rating: {notIn: [1, 2, 3, 4, 5, 6, 7]}}", "Filters exceed maximum attributes limit: 'notIn' on 'rating' has 7 values; a subscription filter takes at most 5.")]
    [InlineData("{or: [{rating: {eq: 1}}, {rating: {eq: 2}}, {rating: {eq: 3}}, {rating: {eq: 4}}, {rating: {eq: 5}}, {rating: {eq: 6}}]," +
        " and: [{or: [{title: {eq: \"a\"}}, {title: {eq: \"b\"}}]}]}", "Filters combination exceed maximum limit: the filter has 12 alternatives; a subscription filter has at most 10.")]
    public async Task A_subscription_filter_past_AppSyncs_bounds_is_refused_with_the_message_clients_recognise(string filter, string message)
    {
        await using var socket = await RealtimeClient.ConnectAsync(Server.Client.BaseAddress!);
        await socket.InitAsync();

        var refused = await socket.StartAsync($"subscription {{ onCreatePost(filter: {filter}) {{ id }} }}", expectAck: false);
        var error = (await socket.ExpectAsync("error", refused))["payload"]!["errors"]![0]!;
        await socket.StartAsync("subscription { onCreatePost(filter: {title: {in: [\"a\", \"b\", \"c\", \"d\", \"e\"]}}) { id } }");

        Assert.Equal(("ValidationError", message), (error["errorType"]!.GetValue<string>(), error["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_limit_set_to_zero_or_less_stops_the_server_from_starting_with_what_to_fix()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            StratusTestServer.StartAsync(SqliteFiles.New(), SchemaFile, o => o.MaxExecutionSeconds = 0));

        Assert.Contains("MaxExecutionSeconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be positive", error.Message, StringComparison.Ordinal);
    }
}
