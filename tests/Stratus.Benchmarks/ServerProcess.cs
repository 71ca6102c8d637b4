using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Benchmarks;

/// <summary>The real <c>stratus</c> executable on a free loopback port and a new SQLite file, with an HTTP client for it.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    public const string ApiKey = "da2-benchmarkbenchmarkbench1";

    private readonly StratusProcess _process;
    private readonly string _directory;

    private ServerProcess(StratusProcess process, string directory, Uri endpoint)
    {
        _process = process;
        _directory = directory;
        Endpoint = endpoint;
        Http.DefaultRequestHeaders.Add("x-api-key", ApiKey);
    }

    public Uri Endpoint { get; }

    /// <summary>The server process's working set now, in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            using var process = System.Diagnostics.Process.GetProcessById(_process.Id);
            return process.WorkingSet64;
        }
    }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    public static async Task<ServerProcess> StartAsync(string schemaFile)
    {
        var directory = Directory.CreateTempSubdirectory("stratus-bench-").FullName;
        var port = StratusProcess.FreePort();
        var process = StratusProcess.Start(directory, "--schema", schemaFile, "--database", $"Data Source={Path.Combine(directory, "server.db")}",
            "--api-key", ApiKey, "--urls", $"http://127.0.0.1:{port}");
        await process.WaitForOutputAsync("API key: ");
        return new ServerProcess(process, directory, new Uri($"http://127.0.0.1:{port}/graphql"));
    }

    /// <summary>Posts a request and fails with the body when it has errors.</summary>
    public async Task<JsonObject> PostAsync(string query, object? variables)
    {
        using var response = await Http.PostAsJsonAsync(Endpoint, new { query, variables });
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return body["errors"] is null ? body : throw new InvalidOperationException($"{(int)response.StatusCode}: {body.ToJsonString()}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
