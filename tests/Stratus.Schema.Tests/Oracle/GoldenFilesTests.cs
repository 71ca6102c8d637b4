using System.Diagnostics;

namespace Stratus.Schema.Tests.Oracle;

/// <summary>
/// The golden files are what Amplify's own tools make of the corpus today: the oracle (<c>Oracle/oracle.js</c>, the
/// transformer 2.5.1 and modelgen from <c>package-lock.json</c>) runs on every corpus schema into a temporary folder,
/// and each output must equal its committed golden file byte for byte. The npm packages are installed with
/// <c>npm ci</c> when missing.
/// </summary>
public sealed class GoldenFilesTests
{
    [Fact]
    public async Task Golden_files_are_what_the_transformer_and_modelgen_generate()
    {
        await EnsurePackagesAsync();
        var output = Directory.CreateTempSubdirectory("stratus-oracle-");
        try
        {
            var (code, log) = await RunAsync("node", ["oracle.js", "corpus", output.FullName], TimeSpan.FromMinutes(5));
            Assert.True(code == 0, "oracle.js failed:\n" + log);

            var fresh = Directory.EnumerateFiles(output.FullName).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            var golden = Directory.EnumerateFiles(OracleCorpus.GoldenFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(golden, fresh);
            var stale = fresh.Where(name => File.ReadAllText(Path.Combine(output.FullName, name!)) != File.ReadAllText(Path.Combine(OracleCorpus.GoldenFolder, name!))).ToList();
            Assert.True(stale.Count == 0, $"Golden files differ from the tools' output (run 'npm run golden' in {OracleCorpus.Folder}): {string.Join(", ", stale)}");
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_corpus_schema_has_its_golden_files()
    {
        foreach (var name in OracleCorpus.Names())
        {
            var refused = OracleCorpus.Golden(name, "error.txt") is not null;
            Assert.True(refused || (OracleCorpus.Golden(name, "appsync.graphql") is not null && OracleCorpus.Golden(name, "introspection.json") is not null),
                $"{name} has no golden files; run 'npm run golden' in {OracleCorpus.Folder}.");
        }

        Assert.True(OracleCorpus.Names().Count(n => OracleCorpus.Golden(n, "error.txt") is null) >= 40, "The corpus holds at least 40 schemas the transformer accepts.");
    }

    private static readonly SemaphoreSlim Install = new(1, 1);

    private static async Task EnsurePackagesAsync()
    {
        await Install.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(OracleCorpus.Folder, "node_modules", "@aws-amplify", "graphql-transformer", "package.json")))
            {
                return;
            }

            var (code, log) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(10));
            Assert.True(code == 0, "npm ci failed in " + OracleCorpus.Folder + ":\n" + log);
        }
        finally
        {
            Install.Release();
        }
    }

    private static async Task<(int Code, string Log)> RunAsync(string program, string[] arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = OracleCorpus.Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}; Node.js 20 and npm must be on PATH.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran longer than {limit}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
