using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Conformance;

/// <summary>
/// The real amplify-js DataStore (aws-amplify 6.22.1 from js/package-lock.json) under Node 20: each call is one run
/// of <c>js/datastore.js</c> on an empty store, against a <see cref="ConformanceServer"/>.
/// </summary>
public static class AmplifyJs
{
    private static readonly NodeProject Project = new(
        typeof(AmplifyJs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AmplifyJsFolder").Value!,
        "aws-amplify/package.json");

    /// <summary>Base-syncs every model into an empty store; each model's records as amplify-js reads them back.</summary>
    public static async Task<JsonObject> SyncAsync(ConformanceServer server) => (await RunAsync(server, "sync"))["result"]!.AsObject();

    /// <summary>Saves one record and waits until amplify-js has sent it (its outbox is empty).</summary>
    public static async Task<JsonObject> SaveAsync(ConformanceServer server, string model, object fields) =>
        (await RunAsync(server, "save", JsonSerializer.Serialize(new { model, fields })))["result"]!.AsObject();

    private static async Task<JsonObject> RunAsync(ConformanceServer server, params string[] command)
    {
        await Project.EnsureInstalledAsync();
        var (code, output) = await Project.RunAsync("node", ["datastore.js", server.IntrospectionFile, .. command], TimeSpan.FromMinutes(2), new Dictionary<string, string>
        {
            ["STRATUS_ENDPOINT"] = server.Endpoint.ToString(),
            ["STRATUS_API_KEY"] = ConformanceServer.ApiKey,
            ["NODE_EXTRA_CA_CERTS"] = server.CertificateFile,
        });
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("{\"result\"", StringComparison.Ordinal));
        return code == 0 && line is not null
            ? JsonNode.Parse(line)!.AsObject()
            : throw new InvalidOperationException($"amplify-js {string.Join(' ', command)} failed ({code}):\n{output}");
    }
}
