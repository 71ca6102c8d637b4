using System.Diagnostics;
using System.Globalization;

namespace Stratus.Benchmarks;

/// <summary>
/// The .NET client's first sync in new processes of this benchmark (<c>clients-first-sync</c>): as built, or
/// published ReadyToRun.
/// </summary>
internal static class FirstSyncProcesses
{
    /// <summary>
    /// This benchmark published as an app that compiles its code ahead of time (<c>dotnet publish
    /// -p:PublishReadyToRun=true</c>: its own, the DataStore's, EF Core's) into <paramref name="directory"/>; gives
    /// the published assembly.
    /// </summary>
    public static async Task<string> PublishReadyToRunAsync(string directory)
    {
        var project = new DirectoryInfo(AppContext.BaseDirectory);
        while (project is not null && !File.Exists(Path.Combine(project.FullName, "Stratus.Benchmarks.csproj")))
        {
            project = project.Parent;
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", Path.Combine(project?.FullName ?? throw new InvalidOperationException("Stratus.Benchmarks.csproj not found above " + AppContext.BaseDirectory), "Stratus.Benchmarks.csproj"),
            "-c", "Release", "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", directory })
        {
            start.ArgumentList.Add(arg);
        }

        var (code, output) = await RunToEndAsync(start);
        var assembly = Path.Combine(directory, "Stratus.Benchmarks.dll");
        return code == 0 && File.Exists(assembly) ? assembly : throw new InvalidOperationException($"dotnet publish -p:PublishReadyToRun=true failed ({code}): {output}");
    }

    /// <summary>
    /// One base sync in a new process of this benchmark (<c>clients-first-sync</c>, from <paramref name="assembly"/>),
    /// timed from the store's creation (made, opened, synced), as amplify-js's first sync is from its configure: the
    /// rate an app meets on its first start.
    /// </summary>
    public static async Task<double> RunAsync(string assembly, Uri endpoint, int records)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { assembly, "clients-first-sync", endpoint.ToString(), records.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        var (code, output) = await RunToEndAsync(start);
        return code == 0 && double.TryParse(output.Trim().Split('\n')[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate)
            ? rate
            : throw new InvalidOperationException($"The first-sync process failed ({code}): {output}");
    }

    /// <summary>Runs a process to its end; gives its exit code and what it wrote (errors first).</summary>
    private static async Task<(int Code, string Output)> RunToEndAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await error + await output);
    }

    /// <summary>The median of <see cref="ClientSyncBenchmark.MeasuredRuns"/> first syncs, each in a new process (one moves with the machine's load).</summary>
    public static async Task<double> MedianAsync(string what, Func<Task<double>> run)
    {
        var rates = new List<double>();
        for (var i = 0; i < ClientSyncBenchmark.MeasuredRuns; i++)
        {
            rates.Add(await run());
        }

        Console.WriteLine($"  {what}: {string.Join(", ", rates.Select(r => $"{r:N0}/s"))}");
        return ClientSyncBenchmark.Median(rates);
    }
}
