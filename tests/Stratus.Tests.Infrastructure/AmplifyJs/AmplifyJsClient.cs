using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Stratus.Server.Tests.Infrastructure.AmplifyJs;

/// <summary>Where an amplify-js client syncs: the GraphQL endpoint, its API key, the model introspection and the certificate to trust.</summary>
public sealed record AmplifyJsTarget(Uri Endpoint, string ApiKey, string IntrospectionFile, string? CertificateFile);

/// <summary>
/// The real amplify-js DataStore (aws-amplify 6.22.1, from tests/Stratus.Conformance/js and its lock file) in its own
/// Node 20 process, driven line by line through <c>datastore.js</c>; its fake IndexedDB store lives as long as the
/// process.
/// </summary>
public sealed class AmplifyJsClient : IConformanceClient
{
    /// <summary>The npm project holding <c>datastore.js</c>, found from the working tree.</summary>
    private static readonly NodeProject Project = new(FindFolder(), "aws-amplify/package.json");

    private readonly Process _process;
    private readonly AmplifyJsTarget _server;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly System.Text.StringBuilder _errors = new();
    private int _next;

    private readonly bool _discardConflicts;
    private readonly SyncExpressionSpec? _syncExpression;

    private AmplifyJsClient(Process process, AmplifyJsTarget server, bool discardConflicts, SyncExpressionSpec? syncExpression, string? token)
    {
        Token = token;
        _process = process;
        _server = server;
        _discardConflicts = discardConflicts;
        _syncExpression = syncExpression;
        process.ErrorDataReceived += (_, e) => { lock (_errors) { _errors.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
    }

    public string Kind => "js";

    private string? Token { get; }

    /// <summary>
    /// A client of the server; a conflict is retried on the server's version (amplify-js's default) unless
    /// <paramref name="discardConflicts"/>; with <paramref name="syncExpression"/>, selective sync; with
    /// <paramref name="token"/>, signed in by OPENID_CONNECT instead of the API key.
    /// </summary>
    public static async Task<AmplifyJsClient> CreateAsync(AmplifyJsTarget server, bool discardConflicts = false, SyncExpressionSpec? syncExpression = null, string? token = null)
    {
        await Project.EnsureInstalledAsync();
        var start = new ProcessStartInfo("node") { WorkingDirectory = Project.Folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("datastore.js");
        if (server.CertificateFile is not null)
        {
            start.Environment["NODE_EXTRA_CA_CERTS"] = server.CertificateFile;
        }

        var client = new AmplifyJsClient(Process.Start(start) ?? throw new InvalidOperationException("Could not start node; Node.js 20 must be on PATH."), server, discardConflicts, syncExpression, token);
        try
        {
            // Returned once Node has loaded Amplify: what follows (a first start, say) is timed without Node's own start.
            await client.SendAsync(new JsonObject { ["op"] = "ping" });
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public Task StartAsync() => SendAsync(new JsonObject
    {
        ["op"] = "start",
        ["schema"] = _server.IntrospectionFile,
        ["endpoint"] = _server.Endpoint.ToString(),
        ["apiKey"] = _server.ApiKey,
        ["token"] = Token,
        ["discardConflicts"] = _discardConflicts,
        ["syncExpressions"] = _syncExpression is { } e
            ? new JsonArray(new JsonObject { ["model"] = e.Model, ["field"] = e.Field, ["eq"] = e.Value })
            : new JsonArray(),
    });

    public Task StopAsync() => SendAsync(new JsonObject { ["op"] = "stop" });

    public async Task<JsonObject> SaveAsync(string model, JsonObject fields, bool online = true) =>
        (await SendAsync(new JsonObject { ["op"] = "save", ["model"] = model, ["fields"] = fields.DeepClone(), ["wait"] = online }))!.AsObject();

    public Task UpdateAsync(string model, JsonObject key, JsonObject changes, bool online = true) =>
        SendAsync(new JsonObject { ["op"] = "update", ["model"] = model, ["key"] = key.DeepClone(), ["changes"] = changes.DeepClone(), ["wait"] = online });

    public Task DeleteAsync(string model, JsonObject key, bool online = true) =>
        SendAsync(new JsonObject { ["op"] = "delete", ["model"] = model, ["key"] = key.DeepClone(), ["wait"] = online });

    public async Task<List<JsonObject>> QueryAsync(string model) =>
        (await SendAsync(new JsonObject { ["op"] = "query", ["model"] = model }))!.AsArray().Select(r => r!.AsObject()).ToList();

    private async Task<JsonNode?> SendAsync(JsonObject command)
    {
        await _gate.WaitAsync();
        try
        {
            command["id"] = ++_next;
            await _process.StandardInput.WriteLineAsync(command.ToJsonString());
            await _process.StandardInput.FlushAsync();
            var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(30));
            if (line is null)
            {
                throw new InvalidOperationException($"amplify-js exited during {command["op"]}:\n{Errors}");
            }

            var answer = JsonNode.Parse(line)!.AsObject();
            return answer["ok"]!.GetValue<bool>()
                ? answer["result"]
                : throw new InvalidOperationException($"amplify-js {command["op"]} failed: {answer["error"]}\n{Errors}");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Starts DataStore on its empty store with no limit on the records (DataStore's default stops at 10,000) and
    /// returns once its base sync is done.
    /// </summary>
    public Task BaseSyncAsync(int maxRecordsToSync) => SendAsync(new JsonObject
    {
        ["op"] = "start",
        ["schema"] = _server.IntrospectionFile,
        ["endpoint"] = _server.Endpoint.ToString(),
        ["apiKey"] = _server.ApiKey,
        ["maxRecordsToSync"] = maxRecordsToSync,
    });

    /// <summary>Stops syncing and deletes the local store (<c>DataStore.clear()</c>).</summary>
    public Task ClearAsync() => SendAsync(new JsonObject { ["op"] = "clear" });

    /// <summary>After <see cref="ClearAsync"/>, starts DataStore again and returns once its base sync is done.</summary>
    public Task ResyncAsync() => SendAsync(new JsonObject { ["op"] = "resync" });

    /// <summary>How many records the local store holds, over every model.</summary>
    public async Task<int> CountAsync() => (await SendAsync(new JsonObject { ["op"] = "count" }))!.GetValue<int>();

    private static string FindFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FullStack.sln")))
        {
            directory = directory.Parent;
        }

        return directory is null
            ? throw new DirectoryNotFoundException("The amplify-js driver lives in tests/Stratus.Conformance/js of the source tree; run from inside it.")
            : Path.Combine(directory.FullName, "tests", "Stratus.Conformance", "js");
    }

    private string Errors { get { lock (_errors) { return _errors.ToString(); } } }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
