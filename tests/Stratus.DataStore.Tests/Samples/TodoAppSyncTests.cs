using Stratus.Server.Tests.Infrastructure;
using TodoApp;

namespace Stratus.DataStore.Tests.Samples;

/// <summary>The TodoApp's <c>sync</c> command against a real server serving the sample schema (DESIGN.md, TodoApp contract).</summary>
public sealed class TodoAppSyncTests : IAsyncLifetime
{
    private static readonly string SampleSchema = Path.Combine(AppContext.BaseDirectory, "Samples", "schema.graphql");
    private readonly string _directory = Directory.CreateTempSubdirectory("stratus-todo-sync-").FullName;
    private StratusTestServer _server = null!;

    public async Task InitializeAsync() => _server = await StratusTestServer.StartAsync(SqliteFiles.New(), SampleSchema);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Sync_pushes_local_todos_and_another_device_pulls_them()
    {
        var config = Config(_server.Endpoint);
        var (_, id, _) = await RunAsync("phone.db", "--config", config, "add", "buy", "milk");

        var (pushExit, pushed, _) = await RunAsync("phone.db", "--config", config, "sync");
        var (pullExit, pulled, _) = await RunAsync("laptop.db", "--config", config, "sync");
        var (_, listed, _) = await RunAsync("laptop.db", "list");

        Assert.Equal((0, "pulled 0, pushed 1, failed 0"), (pushExit, pushed.Trim()));
        Assert.Equal((0, "pulled 1, pushed 0, failed 0"), (pullExit, pulled.Trim()));
        Assert.Equal($"{id.Trim()}\tfalse\tbuy milk", listed.Trim());
    }

    [Fact]
    public async Task Sync_with_the_server_unreachable_exits_1_and_keeps_the_change_for_later()
    {
        var down = Config(new Uri($"http://127.0.0.1:{StratusProcess.FreePort()}/graphql"));
        await RunAsync("phone.db", "--config", down, "add", "offline", "todo");

        var (exit, _, error) = await RunAsync("phone.db", "--config", down, "sync");
        var (laterExit, later, _) = await RunAsync("phone.db", "--config", Config(_server.Endpoint), "sync");

        Assert.Equal(1, exit);
        Assert.Contains("stays queued", error);
        Assert.Equal((0, "pulled 0, pushed 1, failed 0"), (laterExit, later.Trim()));
    }

    [Fact]
    public async Task Sync_and_watch_without_a_config_exit_2()
    {
        var (syncExit, _, error) = await RunAsync("phone.db", "sync");
        var (watchExit, _, _) = await RunAsync("phone.db", "watch");

        Assert.Equal((2, 2), (syncExit, watchExit));
        Assert.Contains("needs the server", error);
    }

    private string Config(Uri endpoint)
    {
        var path = Path.Combine(_directory, $"config-{endpoint.Port}.json");
        File.WriteAllText(path, $$"""{"aws_appsync_graphqlEndpoint": "{{endpoint}}", "aws_appsync_authenticationType": "API_KEY", "aws_appsync_apiKey": "{{StratusTestServer.ApiKey}}"}""");
        return path;
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string database, params string[] command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await TodoCommands.RunAsync(["--db", Path.Combine(_directory, database), .. command], output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
