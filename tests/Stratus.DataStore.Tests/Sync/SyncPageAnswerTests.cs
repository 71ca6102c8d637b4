using Stratus.DataStore.Api;
using Stratus.DataStore.Sync.Conflicts;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>Sync answers a Stratus server does not give but AppSync can: a page with errors beside its items, and models refused outright.</summary>
public sealed class SyncPageAnswerTests
{
    [Fact]
    public async Task A_page_with_errors_keeps_its_good_items_and_every_model_the_server_refused_is_reported()
    {
        var id = Guid.NewGuid().ToString();
        var body = $$$"""
            {"data":{"syncPosts":{"items":[{"__typename":"Post","id":"{{{id}}}","title":"kept","rating":3,"_version":2,"_deleted":false,"_lastChangedAt":1700000000000,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}],"nextToken":null,"startedAt":1700000000000}},
             "errors":[{"message":"one item could not be read","errorType":"MappingTemplate"}]}
            """;
        await using var server = await OneAnswerServer.StartAsync("200 OK", "application/json", body);
        var errors = new List<SyncError>();
        await using var client = Client(server, errors);

        var summary = await client.Store.SyncAsync();

        var post = await client.Store.QueryAsync<Post>(id);
        // A field the item left out stays unset.
        Assert.Equal(("kept", 3, (int?)null), (post!.Title, post.Rating, post.Views));
        Assert.Single(await client.MetadataAsync(), m => m.ModelId == id && m.Version == 2 && m.LastChangedAt == 1700000000000);
        Assert.Equal(1, summary.Pulled["Post"]);
        Assert.Contains(errors, e => e.Model == "Post" && e.ErrorType == "MappingTemplate" && e.Message == "one item could not be read");
        var refused = errors.Where(e => e.Model != "Post").ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, e => Assert.Equal(("MappingTemplate", $"sync of {e.Model} was refused: one item could not be read"), (e.ErrorType, e.Message)));
        Assert.DoesNotContain("Blog", summary.Pulled.Keys);
    }

    [Fact]
    public async Task A_sync_page_that_is_not_valid_JSON_is_reported_per_model_with_what_the_server_sent_and_nothing_is_stored()
    {
        await using var server = await OneAnswerServer.StartAsync("200 OK", "application/json", """{"data":{"syncPosts":{"items":[{"id":"p1",""");
        var errors = new List<SyncError>();
        await using var client = Client(server, errors);

        var summary = await client.Store.SyncAsync();

        Assert.Empty(summary.Pulled);
        Assert.Equal(0, await client.Store.CountAsync<Post>());
        Assert.Contains(errors, e => e.Model == "Post" && e.Message.Contains("malformed JSON", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sync_page_not_labelled_as_JSON_is_still_read_and_stored()
    {
        var id = Guid.NewGuid().ToString();
        var body = $$$"""
            {"data":{"syncPosts":{"items":[{"__typename":"Post","id":"{{{id}}}","title":"plain","rating":5,"_version":4,"_deleted":false,"_lastChangedAt":1700000000000}],"nextToken":null,"startedAt":1700000000000} } }
            """;
        await using var server = await OneAnswerServer.StartAsync("200 OK", "text/plain", body);
        await using var client = TempStore.Create(configure: o => o.AppSync = new AppSyncSettings(server.Url, AuthMode.ApiKey, "da2-k"));

        var summary = await client.Store.SyncAsync();

        var post = await client.Store.QueryAsync<Post>(id);
        Assert.Equal(("plain", 5), (post!.Title, post.Rating));
        Assert.Single(await client.MetadataAsync(), m => m.ModelId == id && m.Version == 4);
        Assert.Equal(1, summary.Pulled["Post"]);
    }

    [Theory]
    [InlineData("""{"data":null,"errors":[{"message":"page gone","errorType":"Unauthorized"}]}""", "sync of Post was refused: page gone")]
    [InlineData("""{"data":{"syncPosts":{"items":[{"id":""", "malformed JSON")]
    public async Task Pages_before_a_refused_or_unreadable_page_are_kept_the_failure_is_reported_and_the_cursor_stays_where_it_was(string third, string reported)
    {
        string[] ids = [.. Enumerable.Range(0, 4).Select(_ => Guid.NewGuid().ToString()).Order(StringComparer.Ordinal)];
        string Item(string id) => $$$"""{"__typename":"Post","id":"{{{id}}}","title":"t-{{{id}}}","rating":1,"_version":1,"_deleted":false,"_lastChangedAt":1700000000000}""";
        string Page(int first, string token) => $$$$"""{"data":{"syncPosts":{"items":[{{{{Item(ids[first])}}}},{{{{Item(ids[first + 1])}}}}],"nextToken":"{{{{token}}}}","startedAt":1700000000000}}}""";
        const string Refused = """{"data":null,"errors":[{"message":"not this model","errorType":"Unauthorized"}]}""";
        var requests = new List<string>();
        // Posts come in two pages that each point to the next, then the third answer; every other model is refused.
        await using var server = await OneAnswerServer.StartAsync("200 OK", "application/json", request =>
        {
            lock (requests)
            {
                requests.Add(request);
            }

            return !request.Contains("syncPosts", StringComparison.Ordinal) ? Refused
                : request.Contains("\"nextToken\":\"t2\"", StringComparison.Ordinal) ? third
                : request.Contains("\"nextToken\":\"t1\"", StringComparison.Ordinal) ? Page(2, "t2")
                : Page(0, "t1");
        });
        var errors = new List<SyncError>();
        await using var client = Client(server, errors);

        var summary = await client.Store.SyncAsync();

        Assert.Equal(ids.Select(id => "t-" + id), (await client.Store.QueryAsync<Post>()).Select(p => p.Title).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("Post", summary.Pulled.Keys);
        Assert.Contains(errors, e => e.Model == "Post" && e.Message.Contains(reported, StringComparison.Ordinal));
        // The run did not complete, so the next one starts over from the beginning.
        requests.Clear();
        await client.Store.SyncAsync();
        Assert.Contains(requests, r => r.Contains("syncPosts", StringComparison.Ordinal) && r.Contains("\"nextToken\":null", StringComparison.Ordinal) && r.Contains("\"lastSync\":0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Of_two_copies_of_a_record_in_one_page_the_higher_version_is_kept_whatever_their_order()
    {
        var id = Guid.NewGuid().ToString();
        string Copy(string title, int version) => $$$"""{"__typename":"Post","id":"{{{id}}}","title":"{{{title}}}","rating":1,"_version":{{{version}}},"_deleted":false,"_lastChangedAt":1700000000000}""";
        var body = $$$$"""{"data":{"syncPosts":{"items":[{{{{Copy("newer", 3)}}}},{{{{Copy("older", 2)}}}}],"nextToken":null,"startedAt":1700000000000}}}""";
        await using var server = await OneAnswerServer.StartAsync("200 OK", "application/json", body);
        await using var client = Client(server, []);

        await client.Store.SyncAsync();

        Assert.Equal("newer", (await client.Store.QueryAsync<Post>(id))!.Title);
        Assert.Single(await client.MetadataAsync(), m => m.ModelId == id && m.Version == 3);
    }

    /// <summary>A store syncing from the server, its sync errors collected into <paramref name="errors"/>.</summary>
    private static TempStore Client(OneAnswerServer server, List<SyncError> errors) => TempStore.Create(configure: o =>
    {
        o.AppSync = new AppSyncSettings(server.Url, AuthMode.ApiKey, "da2-k");
        o.ErrorHandler = (error, _) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }

            return ValueTask.CompletedTask;
        };
    });
}
