using System.Diagnostics;

namespace Stratus.Server.Tests.Infrastructure;

/// <summary>
/// An npm project of the test suite (Amplify's own tools, the amplify-js client): its packages installed with
/// <c>npm ci</c> from its lock file when missing, and its scripts run with <c>node</c> (Node.js 20 and npm on PATH).
/// </summary>
public sealed class NodeProject(string folder, string installedMarker)
{
    private readonly SemaphoreSlim _install = new(1, 1);

    public string Folder { get; } = folder;

    /// <summary>Runs <c>npm ci</c> unless <paramref name="installedMarker"/> (a path under node_modules) already exists.</summary>
    public async Task EnsureInstalledAsync()
    {
        await _install.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(Folder, "node_modules", installedMarker)))
            {
                return;
            }

            var (code, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(10));
            if (code != 0)
            {
                throw new InvalidOperationException($"npm ci failed in {Folder}:\n{output}");
            }
        }
        finally
        {
            _install.Release();
        }
    }

    /// <summary>Runs a program in the project's folder; returns its exit code and its stdout followed by its stderr.</summary>
    public async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan limit, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
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
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} ran longer than {limit} in {Folder}:\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
