using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task A_sync_process_killed_while_a_create_is_in_flight_loses_nothing_and_duplicates_nothing_when_run_again()
    {
        // The fifth create is held at the server until the client process is dead, then committed: it lands, its
        // answer is lost.
        var gate = new CreateGate(holdAt: 5);
        await using var server = await StratusTestServer.StartAsync(SqliteFiles.New(), SampleSchema, services: s => s.AddSingleton<IStartupFilter>(gate));
        var config = Config(server.Endpoint);
        var texts = Enumerable.Range(1, 10).Select(i => $"todo {i}").ToList();
        foreach (var text in texts)
        {
            await RunAsync("phone.db", "add", text);
        }

        using var process = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TodoApp.dll"), "--db", Path.Combine(_directory, "phone.db"), "--config", config, "sync"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await gate.Held.WaitAsync(TimeSpan.FromSeconds(60));
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        gate.Release();
        await gate.Landed.WaitAsync(TimeSpan.FromSeconds(30));

        var (exit, summary, error) = await RunAsync("phone.db", "--config", config, "sync");
        var items = (await server.PostAsync("{ listTodos(limit: 100) { items { name _version } } }")).Data("listTodos")!["items"]!.AsArray();
        await RunAsync("laptop.db", "--config", config, "sync");
        var (_, listed, _) = await RunAsync("laptop.db", "list");

        Assert.True(exit == 0, error);
        Assert.EndsWith("failed 0", summary.Trim(), StringComparison.Ordinal);
        Assert.Equal(texts.Order(StringComparer.Ordinal), items.Select(i => i!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.Equal(1, i!["_version"]!.GetValue<int>()));
        Assert.Equal(texts.Order(StringComparer.Ordinal), listed.Trim().Split('\n').Select(l => l.Split('\t')[2].Trim()).Order(StringComparer.Ordinal));
        var (_, again, _) = await RunAsync("phone.db", "--config", config, "sync");
        Assert.Equal("pushed 0", again.Trim().Split(", ")[1]);
    }

    /// <summary>Holds the Nth <c>createTodo</c> request until <see cref="Release"/>, then lets the server run it.</summary>
    private sealed class CreateGate(int holdAt) : IStartupFilter
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _landed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _creates;

        public Task Held => _held.Task;

        public Task Landed => _landed.Task;

        public void Release() => _release.TrySetResult();

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, proceed) =>
            {
                context.Request.EnableBuffering();
                var body = await new StreamReader(context.Request.Body, leaveOpen: true).ReadToEndAsync();
                context.Request.Body.Position = 0;
                if (!body.Contains("createTodo", StringComparison.Ordinal) || Interlocked.Increment(ref _creates) != holdAt)
                {
                    await proceed(context);
                    return;
                }

                _held.TrySetResult();
                await _release.Task;
                // The client is gone; the write still runs to its commit (as when the answer is lost on the way back).
                context.RequestAborted = CancellationToken.None;
                try
                {
                    await proceed(context);
                }
                finally
                {
                    _landed.TrySetResult();
                }
            });
            next(app);
        };
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
