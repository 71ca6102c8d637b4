using System.Diagnostics;
using System.Text;

namespace Stratus.Deployment.Tests;

/// <summary>Runs the docker and docker-compose CLIs against the local engine; a failing command throws with its output.</summary>
internal static class Docker
{
    /// <summary>Compose v2 (<c>docker compose</c>) where it exists, else docker-compose 1.29.</summary>
    public static async Task<string[]> ComposeCommandAsync()
    {
        var v2 = await RunAsync("docker", ["compose", "version"], check: false);
        return v2.ExitCode == 0 ? ["docker", "compose"] : ["docker-compose"];
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null, bool check = true, int timeoutSeconds = 600)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in {timeoutSeconds} s:\n{output}");
        }

        process.WaitForExit();
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}):\n{text}");
        }

        return (process.ExitCode, text);
    }
}
