using Microsoft.Extensions.DependencyInjection;
using Stratus.Server.Conflicts;
using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Server.Tests.Hosting;

/// <summary>
/// Stopping the server while a mutation runs (held in a LAMBDA conflict handler): within the drain time it finishes
/// and is stored; past it, it is cancelled with a clear error and nothing of it is stored.
/// </summary>
public sealed class ShutdownTests : IAsyncDisposable
{
    private static readonly string Schema = Path.Combine(AppContext.BaseDirectory, "Schemas", "blog.graphql");
    private readonly string _database = SqliteFiles.New();
    private readonly HeldConflictHandler _handler = new();
    private readonly HttpClient _caller = new();
    private StratusTestServer? _server;

    private async Task<(StratusTestServer Server, string Id, Task<GraphqlResponse> Update)> HeldUpdateAsync()
    {
        _server = await StratusTestServer.StartAsync(_database, Schema, o =>
        {
            o.ConflictHandler = ConflictHandlerKind.Lambda;
            o.ShutdownDrainSeconds = 10;
        }, services: s => s.AddSingleton<IConflictHandler>(_handler));
        _caller.BaseAddress = _server.Client.BaseAddress;
        _caller.DefaultRequestHeaders.Add("x-api-key", StratusTestServer.ApiKey);
        var id = (await _server.PostAsync("mutation { createPost(input: {title: \"before\"}) { id } }")).Ok().Data("createPost")!["id"]!.GetValue<string>();
        // A stale update on a client of its own (the server's client goes with the server): the conflict handler is
        // asked, and holds it until released.
        var update = _server.PostAsync("mutation($id: ID!) { updatePost(input: {id: $id, title: \"during shutdown\", _version: 0}) { id title _version } }", new { id }, _caller);
        await _handler.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        return (_server, id, update);
    }

    [Fact]
    public async Task A_mutation_running_when_the_server_stops_finishes_within_the_drain_time()
    {
        var (server, id, update) = await HeldUpdateAsync();

        var stopping = server.DisposeAsync().AsTask();
        _handler.Release();
        var answer = (await update).Ok().Data("updatePost")!;
        await stopping;

        Assert.Equal(("during shutdown", 2), (answer["title"]!.GetValue<string>(), answer["_version"]!.GetValue<int>()));
        Assert.Equal("during shutdown", await StoredTitleAsync(id));
    }

    [Fact]
    public async Task A_mutation_still_running_when_the_drain_time_ends_is_cancelled_and_nothing_of_it_is_stored()
    {
        var (server, id, update) = await HeldUpdateAsync();

        var stopping = server.DisposeAsync().AsTask();
        await _handler.Waiting.WaitAsync(TimeSpan.FromSeconds(30));
        server.Time.Advance(TimeSpan.FromSeconds(11));
        var answer = await update;
        await stopping;

        Assert.Equal("ServiceUnavailableException", answer.ErrorType);
        Assert.Contains("(ShutdownDrainSeconds is 10)", answer.SingleError["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("before", await StoredTitleAsync(id));
    }

    private async Task<string> StoredTitleAsync(string id)
    {
        await using var again = await StratusTestServer.StartAsync(_database, Schema);
        return (await again.PostAsync("query($id: ID!) { getPost(id: $id) { title } }", new { id })).Ok().Data("getPost")!["title"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        _handler.Release();
        _caller.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
