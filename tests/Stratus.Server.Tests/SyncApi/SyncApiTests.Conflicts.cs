using Stratus.Server.Hosting;
using Stratus.Server.Conflicts;

namespace Stratus.Server.Tests.SyncApi;

public abstract partial class SyncApiTests
{
    [Fact]
    public async Task Stale_update_under_automerge_keeps_server_scalars_and_appends_lists()
    {
        var post = await CreatePostAsync(new { title = "server", tags = new[] { "a" } });
        (await UpdatePostAsync(new { id = Id(post), rating = 5, _version = 1 })).Ok();

        var merged = (await UpdatePostAsync(new { id = Id(post), title = "stale", tags = new[] { "b" }, score = 2.5, _version = 1 })).Ok().Data("updatePost")!;

        Assert.Equal(3, Version(merged));
        Assert.Equal("server", merged["title"]!.GetValue<string>());
        Assert.Equal(["a", "b"], merged["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(2.5, merged["score"]!.GetValue<double>());
        Assert.Equal(5, merged["rating"]!.GetValue<int>());
    }

    [Fact]
    public async Task Stale_delete_is_rejected_with_ConflictUnhandled_and_the_current_item()
    {
        var post = await CreatePostAsync(new { title = "t" });
        (await UpdatePostAsync(new { id = Id(post), title = "t2", _version = 1 })).Ok();

        var response = await DeletePostAsync(new { id = Id(post), _version = 1 });

        Assert.Equal("ConflictUnhandled", response.ErrorType);
        Assert.Equal("Conflict resolver rejects mutation.", response.SingleError["message"]!.GetValue<string>());
        Assert.Equal(2, Version(response.SingleError["data"]!));
        Assert.Null((await GetPostAsync(Id(post)))!["_deleted"]);
    }
}

/// <summary>OPTIMISTIC_CONCURRENCY: a write whose _version is not the stored one is rejected.</summary>
public abstract class OptimisticConcurrencyTests : SyncApiTestBase
{
    protected override void Configure(Stratus.Server.Hosting.StratusOptions options) => options.ConflictHandler = ConflictHandlerKind.Optimistic_Concurrency;

    [Fact]
    public async Task Update_with_stale_version_returns_ConflictUnhandled_with_the_full_server_item()
    {
        var post = await CreatePostAsync(new { title = "server", rating = 4 });
        (await UpdatePostAsync(new { id = Id(post), title = "server2", _version = 1 })).Ok();

        var stale = await UpdatePostAsync(new { id = Id(post), title = "mine", _version = 1 });
        var missingVersion = await UpdatePostAsync(new { id = Id(post), title = "mine" });

        Assert.Equal(System.Net.HttpStatusCode.OK, stale.Status);
        Assert.Null(stale.Body["data"]!["updatePost"]);
        var error = stale.SingleError;
        Assert.Equal("ConflictUnhandled", error["errorType"]!.GetValue<string>());
        Assert.Equal("Conflict resolver rejects mutation.", error["message"]!.GetValue<string>());
        Assert.Equal("updatePost", error["path"]![0]!.GetValue<string>());
        Assert.True(error.ContainsKey("errorInfo"));
        var data = error["data"]!;
        Assert.Equal("server2", data["title"]!.GetValue<string>());
        Assert.Equal(4, data["rating"]!.GetValue<int>());
        Assert.Equal(2, Version(data));
        Assert.True(data["_lastChangedAt"]!.GetValue<long>() > 0);
        Assert.True(data.AsObject().ContainsKey("_deleted"));
        Assert.Equal("ConflictUnhandled", missingVersion.ErrorType);
        Assert.Equal("server2", (await GetPostAsync(Id(post)))!["title"]!.GetValue<string>());
    }
}
