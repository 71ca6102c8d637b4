using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stratus.Server.Tests.Infrastructure;

/// <summary>Runs the real <c>stratus</c> executable (the built stratus.dll) as a child process.</summary>
public sealed class StratusProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private StratusProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (_error) { _error.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output { get { lock (_output) { return _output.ToString(); } } }

    public string Error { get { lock (_error) { return _error.ToString(); } } }

    public static string ServerDll
    {
        get
        {
            // The server's build output sits next to this test assembly's, in the same configuration.
            var testBin = AppContext.BaseDirectory;
            var configuration = new DirectoryInfo(testBin).Parent!.Name;
            var root = new DirectoryInfo(testBin);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "FullStack.sln")))
            {
                root = root.Parent;
            }

            var dll = Path.Combine(root!.FullName, "server", "Stratus.Cli", "bin", configuration, "net10.0", "stratus.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the server first: {dll} is missing.");
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's id of the process (for its memory figures).</summary>
    public int Id => _process.Id;

    /// <summary>Ends the process at once, as a crash or an OOM kill would (no graceful shutdown).</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public static StratusProcess Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // A traced parent (dotnet-trace) must not make the server wait for a diagnostics client too.
        start.Environment.Remove("DOTNET_DiagnosticPorts");
        return new StratusProcess(Process.Start(start)!);
    }

    /// <summary>Runs to completion and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, params string[] args)
    {
        await using var process = Start(workingDirectory, args);
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit();
        return (process._process.ExitCode, process.Output, process.Error);
    }

    public async Task<string> WaitForOutputAsync(string text)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"'{text}' never appeared. stdout:\n{Output}\nstderr:\n{Error}");
            }

            await Task.Delay(50);
        }

        return Output;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
