using TodoApp;

namespace Stratus.DataStore.Tests.Samples;

/// <summary>The TodoApp contract (DESIGN.md) on a real local database, offline.</summary>
public sealed class TodoAppTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stratus-todo-").FullName;

    private string Database => Path.Combine(_directory, "todo.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Add_list_done_and_delete_work_locally_across_runs()
    {
        var (addExit, milk, _) = await RunAsync("add", "buy", "milk");
        var (_, walk, _) = await RunAsync("add", "walk");
        var (doneExit, _, _) = await RunAsync("done", milk.Trim());
        var (_, listed, _) = await RunAsync("list");

        Assert.Equal((0, 0), (addExit, doneExit));
        Assert.True(Guid.TryParse(milk.Trim(), out _));
        Assert.Equal([$"{milk.Trim()}\ttrue\tbuy milk", $"{walk.Trim()}\tfalse\twalk"], listed.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var (deleteExit, _, _) = await RunAsync("delete", walk.Trim());
        var (_, after, _) = await RunAsync("list");
        Assert.Equal(0, deleteExit);
        Assert.Single(after.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Unknown_ids_exit_1_and_bad_usage_exits_2()
    {
        var (doneExit, _, doneError) = await RunAsync("done", "missing");
        var (deleteExit, _, deleteError) = await RunAsync("delete", "missing");
        var (usageExit, _, usage) = await RunAsync("frobnicate");
        var noDb = await TodoCommands.RunAsync(["list"], TextWriter.Null, TextWriter.Null);

        Assert.Equal((1, 1, 2, 2), (doneExit, deleteExit, usageExit, noDb));
        Assert.Contains("No todo with id missing", doneError);
        Assert.Contains("Todo 'missing' is not in the local store", deleteError);
        Assert.Contains("Usage: TodoApp --db FILE", usage);
    }

    [Fact]
    public async Task A_config_file_is_checked_and_local_commands_still_work_with_it()
    {
        var good = Path.Combine(_directory, "amplifyconfiguration.json");
        await File.WriteAllTextAsync(good, """{"aws_appsync_graphqlEndpoint": "http://127.0.0.1:9/graphql", "aws_appsync_authenticationType": "API_KEY", "aws_appsync_apiKey": "da2-k"}""");
        var bad = Path.Combine(_directory, "broken.json");
        await File.WriteAllTextAsync(bad, """{"aws_appsync_graphqlEndpoint": "nowhere"}""");

        var (addExit, id, _) = await RunAsync("--config", good, "add", "offline");
        var (badExit, _, badError) = await RunAsync("--config", bad, "list");
        var (missingExit, _, _) = await RunAsync("--config", Path.Combine(_directory, "missing.json"), "list");

        Assert.Equal((0, 2, 2), (addExit, badExit, missingExit));
        Assert.True(Guid.TryParse(id.Trim(), out _));
        Assert.Contains("not an absolute URL", badError);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await TodoCommands.RunAsync(["--db", Database, .. command], output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
