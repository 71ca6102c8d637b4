using System.Diagnostics;
using System.Text;

namespace Stratus.Deployment.Tests;

/// <summary>
/// The README's server examples, run from the repository root exactly as printed: the first of its two commands,
/// and "Using the server" (start on port 5000, create, sync). The database they make in the root is removed after.
/// </summary>
[Collection(ReadmeCollection.Name)]
public sealed class ReadmeExampleTests : IDisposable
{
    private static readonly string[] CreatedFiles = ["stratus.db", "stratus.db-shm", "stratus.db-wal"];
    private readonly bool _databaseExisted = File.Exists(Repository.File("stratus.db"));

    public void Dispose()
    {
        if (!_databaseExisted)
        {
            foreach (var file in CreatedFiles)
            {
                File.Delete(Repository.File(file));
            }
        }
    }

    [Fact]
    public async Task The_first_command_serves_the_sample_schema_on_sqlite_from_the_repository_root()
    {
        var command = Readme.ShellBlock("## Build from source: two commands").Single();
        Assert.Equal("dotnet run --project server/Stratus.Cli", command);

        var output = new StringBuilder();
        using var server = Readme.Start(command, output);
        try
        {
            await WaitForAsync(output, "API key: ", server);
            var text = Text(output);
            Assert.Contains("Stratus listening on http://127.0.0.1:5000/graphql", text, StringComparison.Ordinal);
            Assert.True(File.Exists(Repository.File("stratus.db")), "the default database is made where the command ran");
            Assert.False(File.Exists(Repository.File("server", "Stratus.Cli", "stratus.db")));
        }
        finally
        {
            await StopAsync(server);
        }
    }

    [Fact]
    public async Task Using_the_server_runs_as_printed()
    {
        var lines = Readme.ShellBlock("## Using the server");
        Assert.StartsWith("dotnet run --project server/Stratus.Cli -- --schema schema/schema.graphql", lines[0], StringComparison.Ordinal);

        var output = new StringBuilder();
        using var server = Readme.Start(lines[0], output);
        try
        {
            await WaitForAsync(output, "API key: ", server);
            var responses = await Readme.RunAsync(lines.Skip(1));

            Assert.Contains("\"createTodo\":{\"id\":", responses, StringComparison.Ordinal);
            Assert.Contains("\"name\":\"milk\",\"_version\":1", responses, StringComparison.Ordinal);
            Assert.Contains("\"syncTodos\":{\"items\":[", responses, StringComparison.Ordinal);
            Assert.DoesNotContain("\"errors\"", responses, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(server);
        }
    }

    [Fact]
    public async Task The_console_example_creates_an_admin_credential_that_opens_the_console()
    {
        var lines = Readme.ShellBlock("### The web console");
        Assert.Equal(2, lines.Count);

        var credential = (await Readme.RunAsync([lines[0]])).Split('\n').Single(l => l.StartsWith("sta-", StringComparison.Ordinal)).Trim();
        var output = new StringBuilder();
        using var server = Readme.Start(lines[1], output);
        try
        {
            await WaitForAsync(output, "API key: ", server);
            using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:5000") };
            Assert.Contains("Stratus console", await http.GetStringAsync("/console"), StringComparison.Ordinal);
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", credential);
            Assert.Contains($"\"admin\":\"admin:{credential[4..12]}\"", await http.GetStringAsync("/console/api/session"), StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(server);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static async Task WaitForAsync(StringBuilder output, string text, Process process)
    {
        // The first run may build the server.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!Text(output).Contains(text, StringComparison.Ordinal))
        {
            Assert.False(process.HasExited, $"The command ended early:\n{Text(output)}");
            Assert.True(DateTime.UtcNow < deadline, $"'{text}' never appeared:\n{Text(output)}");
            await Task.Delay(100);
        }
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}

/// <summary>README examples share port 5000 and the root's stratus.db, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReadmeCollection
{
    public const string Name = "README examples";
}
