using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stratus.Server.Conflicts;
using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.SyncApi;

namespace Stratus.Server.Tests.Observability;

/// <summary><c>/health/ready</c> turns degraded (HTTP 503) while a request is stuck, and ready again once it ends.</summary>
public sealed class ReadinessTests : SyncApiTestBase
{
    private readonly HeldConflictHandler _handler = new();

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    protected override void Configure(StratusOptions options)
    {
        options.ConflictHandler = ConflictHandlerKind.Lambda;
        options.MaxExecutionSeconds = 600;
        options.DegradedRequestSeconds = 20;
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IConflictHandler>(_handler);

    [Fact]
    public async Task A_request_running_past_the_threshold_makes_readiness_degraded_until_it_ends()
    {
        var id = Id(await CreatePostAsync(new { title = "contested" }));
        // A stale update: the conflict handler is asked, and holds the request until released.
        var update = UpdatePostAsync(new { id, title = "mine", _version = 0 });
        await _handler.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        var (early, _) = await ReadyAsync();
        Server.Time.Advance(TimeSpan.FromSeconds(30));
        var (stuck, report) = await ReadyAsync();
        using var liveness = await Server.Client.GetAsync("/health");
        _handler.Release();
        (await update).Ok();
        var (after, _) = await ReadyAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (early, stuck, after));
        Assert.Equal("Degraded", report["status"]!.GetValue<string>());
        Assert.Equal("Overloaded: a request has run for 30 s (DegradedRequestSeconds is 20).", report["checks"]!["load"]!["description"]!.GetValue<string>());
        Assert.Equal("Healthy", report["checks"]!["database"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, liveness.StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonObject Report)> ReadyAsync()
    {
        using var response = await Server.Client.GetAsync("/health/ready");
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
