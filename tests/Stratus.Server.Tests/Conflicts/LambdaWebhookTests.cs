using Stratus.Server.Hosting;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stratus.Server.Conflicts;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.SyncApi;

namespace Stratus.Server.Tests.Conflicts;

/// <summary><c>--lambda-url</c> against a real HTTP endpoint on loopback that answers as each test tells it.</summary>
public sealed class LambdaWebhookTests : SyncApiTestBase
{
    private readonly ConcurrentQueue<JsonObject> _received = new();
    private Func<HttpContext, Task> _answer = context => context.Response.WriteAsync("{\"action\":\"REJECT\"}");
    private WebApplication? _webhook;

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    public override async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _webhook = builder.Build();
        _webhook.MapPost("/conflict", async context =>
        {
            _received.Enqueue((await System.Text.Json.JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body))!);
            await _answer(context);
        });
        await _webhook.StartAsync();
        var url = _webhook.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/conflict";
        await RestartAsync(o =>
        {
            o.ConflictHandler = ConflictHandlerKind.Lambda;
            o.LambdaUrl = url;
            o.LambdaTimeout = 1;
        });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_webhook is not null)
        {
            await _webhook.DisposeAsync();
        }
    }

    private async Task<string> StalePostAsync()
    {
        var id = Id(await CreatePostAsync(new { title = "original", rating = 1 }));
        (await UpdatePostAsync(new { id, title = "server", _version = 1 })).Ok();
        return id;
    }

    private void Answer(string json, int status = 200) => _answer = async context =>
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(json);
    };

    [Fact]
    public async Task Resolve_replaces_the_item_and_the_payload_is_appsyncs()
    {
        var id = await StalePostAsync();
        Answer("""{"action":"RESOLVE","item":{"title":"from lambda","rating":42,"id":"other","_version":500}}""");

        var result = (await UpdatePostAsync(new { id, title = "client", _version = 1 })).Ok().Data("updatePost")!;

        Assert.Equal("from lambda", result["title"]!.GetValue<string>());
        Assert.Equal(42, result["rating"]!.GetValue<int>());
        Assert.Equal(id, Id(result));
        Assert.Equal(3, Version(result));
        var payload = Assert.Single(_received);
        Assert.Equal("client", payload["newItem"]!["title"]!.GetValue<string>());
        Assert.Equal("server", payload["existingItem"]!["title"]!.GetValue<string>());
        Assert.Equal(2, payload["existingItem"]!["_version"]!.GetValue<int>());
        Assert.Equal(1, payload["arguments"]!["input"]!["_version"]!.GetValue<int>());
        Assert.Equal("updatePost", payload["resolver"]!["field"]!.GetValue<string>());
        Assert.Equal("Mutation", payload["resolver"]!["parentType"]!.GetValue<string>());
        Assert.Equal("Post", payload["resolver"]!["tableName"]!.GetValue<string>());
        Assert.True(payload.ContainsKey("identity"));
        Assert.Null(payload["identity"]);
    }

    [Fact]
    public async Task Reject_gives_ConflictUnhandled_with_the_server_item()
    {
        var id = await StalePostAsync();
        Answer("""{"action":"REJECT"}""");

        var response = await UpdatePostAsync(new { id, title = "client", _version = 1 });

        Assert.Equal("ConflictUnhandled", response.ErrorType);
        Assert.Equal("server", response.SingleError["data"]!["title"]!.GetValue<string>());
        Assert.Equal(2, Version((await GetPostAsync(id))!));
    }

    [Fact]
    public async Task Remove_deletes_on_a_stale_delete()
    {
        var id = await StalePostAsync();
        Answer("""{"action":"REMOVE"}""");

        var deleted = (await DeletePostAsync(new { id, _version = 1 })).Ok().Data("deletePost")!;

        Assert.True(deleted["_deleted"]!.GetValue<bool>());
        Assert.Equal(3, Version(deleted));
        Assert.Equal("deletePost", Assert.Single(_received)["resolver"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_current_version_never_calls_the_handler()
    {
        var id = Id(await CreatePostAsync(new { title = "t" }));

        (await UpdatePostAsync(new { id, title = "t2", _version = 1 })).Ok();

        Assert.Empty(_received);
    }

    [Theory]
    [InlineData("timeout")]
    [InlineData("500")]
    [InlineData("garbage")]
    [InlineData("unknown action")]
    [InlineData("remove on update")]
    public async Task A_failing_handler_gives_ConflictError_and_writes_nothing(string failure)
    {
        var id = await StalePostAsync();
        _answer = failure switch
        {
            "timeout" => async context => await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted),
            "500" => context => { context.Response.StatusCode = 500; return Task.CompletedTask; },
            "garbage" => context => context.Response.WriteAsync("<html>not json"),
            "unknown action" => context => context.Response.WriteAsync("""{"action":"MERGE"}"""),
            _ => context => context.Response.WriteAsync("""{"action":"REMOVE"}"""),
        };

        var response = await UpdatePostAsync(new { id, title = "client", _version = 1 });

        Assert.Equal("ConflictError", response.ErrorType);
        Assert.Null(response.Body["data"]!["updatePost"]);
        var stored = (await GetPostAsync(id))!;
        Assert.Equal(2, Version(stored));
        Assert.Equal("server", stored["title"]!.GetValue<string>());
        Assert.Equal(2, (await DeltaRowsAsync("Post", id)).Count);
    }
}
