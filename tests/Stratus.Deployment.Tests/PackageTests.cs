using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace Stratus.Deployment.Tests;

/// <summary>
/// The packages as an app team takes them in: everything is packed from a copy of the sources into a local folder
/// feed, then a fresh console app and a fresh xunit project add the packages by name from that feed, build with a
/// schema, save and query in the app, and run a kit-based conflict test; the stratus tool installs from it too.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private static readonly string[] Packaged =
    [
        "shared/Stratus.Schema/Stratus.Schema.csproj",
        "client/Stratus.DataStore/Stratus.DataStore.csproj",
        "server/Stratus.Server/Stratus.Server.csproj",
        "server/Stratus.Cli/Stratus.Cli.csproj",
        "server/Stratus.Testing/Stratus.Testing.csproj",
    ];

    private const string Schema = """
        type Note @model {
          id: ID!
          title: String!
          stars: Int
        }
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("stratus-packages-");

    // A version of its own, so the machine's package cache never answers with an older build.
    private readonly string _version = $"0.9.0-test.{Guid.NewGuid():N}";

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task A_fresh_app_and_a_fresh_test_project_use_the_packages_by_name()
    {
        var feed = await PackAsync();
        Assert.Equal(
            ["Stratus.DataStore", "Stratus.Schema", "Stratus.Server", "Stratus.Testing", "stratus"],
            Directory.GetFiles(feed, "*.nupkg").Select(f => Path.GetFileName(f)[..^$".{_version}.nupkg".Length]).Order(StringComparer.Ordinal));
        Assert.Equal(5, Directory.GetFiles(feed, "*.snupkg").Length);
        // The schema library ships both of its targets: net10.0 for apps, netstandard2.0 for the model generator.
        using (var schema = ZipFile.OpenRead(Path.Combine(feed, $"Stratus.Schema.{_version}.nupkg")))
        {
            Assert.Equal(
                ["lib/net10.0/Stratus.Schema.dll", "lib/netstandard2.0/Stratus.Schema.dll"],
                schema.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".dll", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        }

        await File.WriteAllTextAsync(Path.Combine(_root.FullName, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="stratus-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        // The app: dotnet new console, the client package by name, a schema, a save and a query.
        var app = Path.Combine(_root.FullName, "NotesApp");
        await RunAsync(_root.FullName, "dotnet", "new", "console", "-o", app);
        await RunAsync(app, "dotnet", "add", "package", "Stratus.DataStore", "--version", _version);
        await File.WriteAllTextAsync(Path.Combine(app, "schema.graphql"), Schema);
        await AddSchemaAsync(Path.Combine(app, "NotesApp.csproj"));
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using NotesApp.Models;
            using Stratus.DataStore;
            using Stratus.DataStore.Configuration;

            await using var store = new StratusDataStore(new DataStoreOptions { Models = new StratusModels(), DatabasePath = args[0] });
            await store.SaveAsync(new Note { Title = "from the package", Stars = 5 });
            var notes = await store.QueryAsync<Note>(n => n.Stars > 3);
            Console.WriteLine($"{notes.Count} note: {notes[0].Title}");
            """);
        var output = await RunAsync(app, "dotnet", "run", "--", Path.Combine(_root.FullName, "notes.db"));
        Assert.Contains("1 note: from the package", output, StringComparison.Ordinal);

        // The test project: dotnet new xunit, the kit and the client by name, a conflict test on the kit's server.
        var tests = Path.Combine(_root.FullName, "NotesApp.Tests");
        await RunAsync(_root.FullName, "dotnet", "new", "xunit", "-o", tests);
        await RunAsync(tests, "dotnet", "add", "package", "Stratus.DataStore", "--version", _version);
        await RunAsync(tests, "dotnet", "add", "package", "Stratus.Testing", "--version", _version);
        await File.WriteAllTextAsync(Path.Combine(tests, "schema.graphql"), Schema);
        await AddSchemaAsync(Path.Combine(tests, "NotesApp.Tests.csproj"));
        File.Delete(Path.Combine(tests, "UnitTest1.cs"));
        // The README's kit example, exactly as printed, is the project's test.
        var example = Readme.CodeBlock("## Integration-test your app's conflict handling", "csharp").Split('\n');
        await File.WriteAllTextAsync(Path.Combine(tests, "ConflictTests.cs"), string.Join('\n',
        [
            "using System.Text.Json.Nodes;",
            "using NotesApp.Tests.Models;",
            "using Stratus.DataStore;",
            "using Stratus.DataStore.Api;",
            "using Stratus.DataStore.Configuration;",
            "using Stratus.DataStore.Sync.Conflicts;",
            "using Stratus.Server.Hosting;",
            "using Stratus.Testing;",
            "public class ConflictTests",
            "{",
            .. example,
            "}",
        ]));
        var testOutput = await RunAsync(tests, "dotnet", "test");
        Assert.Contains("Passed!  - Failed:     0, Passed:     1", testOutput, StringComparison.Ordinal);

        // The tool: installed by name from the feed.
        var tools = Path.Combine(_root.FullName, "tools");
        await RunAsync(_root.FullName, "dotnet", "tool", "install", "stratus", "--version", _version, "--tool-path", tools);
        var version = await RunAsync(_root.FullName, Path.Combine(tools, "stratus"), "--version");
        Assert.StartsWith(_version, version.Trim(), StringComparison.Ordinal);
        var printed = await RunAsync(app, Path.Combine(tools, "stratus"), "schema", "print", "--schema", "schema.graphql");
        Assert.Contains("syncNotes(", printed, StringComparison.Ordinal);
    }

    /// <summary>Copies the sources the packages are built from and packs them with this test's version.</summary>
    private async Task<string> PackAsync()
    {
        var source = Path.Combine(_root.FullName, "src");
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "README.md", "LICENSE" })
        {
            Directory.CreateDirectory(source);
            File.Copy(Repository.File(file), Path.Combine(source, file));
        }

        foreach (var folder in new[] { "shared", "server", "client" })
        {
            Copy(Repository.File(folder), Path.Combine(source, folder));
        }

        var feed = Path.Combine(_root.FullName, "feed");
        await RunAsync(source, "dotnet", "new", "sln", "-n", "Packages");
        var solution = Directory.GetFiles(source, "Packages.sln*").Single();
        await RunAsync(source, ["dotnet", "sln", solution, "add", .. Packaged]);
        await RunAsync(source, "dotnet", "pack", solution, "-c", "Release", "-o", feed, $"-p:Version={_version}");
        return feed;
    }

    private static async Task AddSchemaAsync(string project)
    {
        var text = await File.ReadAllTextAsync(project);
        var name = Path.GetFileNameWithoutExtension(project);
        await File.WriteAllTextAsync(project, text.Replace("</Project>", $"""
              <ItemGroup>
                <AdditionalFiles Include="schema.graphql" StratusNamespace="{name}.Models" />
                <None Include="schema.graphql" CopyToOutputDirectory="PreserveNewest" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal));
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            if (Path.GetFileName(directory) is not ("bin" or "obj" or "node_modules" or "samples"))
            {
                Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
            }
        }
    }

    private static async Task<string> RunAsync(string directory, params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // The fresh projects must not inherit the repository's test run settings.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        output.Append(await stdout).Append(await stderr);
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', command)} exited {process.ExitCode} in {directory}:\n{output}");
        return output.ToString();
    }
}
