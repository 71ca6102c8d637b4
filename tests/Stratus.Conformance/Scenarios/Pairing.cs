using System.Text.Json.Nodes;
using Stratus.Conformance.Clients;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.Infrastructure.AmplifyJs;

namespace Stratus.Conformance.Scenarios;

/// <summary>
/// One scenario's server and clients: every scenario runs in each pairing of the two clients (js→js, js→dotnet,
/// dotnet→js, dotnet→dotnet), the first named writing first.
/// </summary>
public sealed class Pairing : IAsyncDisposable
{
    private const string ClientId = "stratus-conformance";
    private readonly List<IConformanceClient> _clients = [];
    private readonly TokenIssuer _issuer;
    private readonly string _jwks;

    private Pairing(ConformanceServer server, TokenIssuer issuer, string jwks)
    {
        Server = server;
        _issuer = issuer;
        _jwks = jwks;
    }

    public static TheoryData<string, string> All => new() { { "js", "js" }, { "js", "dotnet" }, { "dotnet", "js" }, { "dotnet", "dotnet" } };

    public ConformanceServer Server { get; }

    /// <summary>
    /// A server on the suite's schema, with the API key as its default mode and OPENID_CONNECT tokens of the
    /// pairing's own issuer beside it, started with more <c>stratus</c> options when given.
    /// </summary>
    public static async Task<Pairing> StartAsync(params string[] serverOptions)
    {
        var issuer = new TokenIssuer("https://issuer.conformance.test");
        var jwks = Path.Combine(Path.GetTempPath(), $"stratus-conformance-jwks-{Guid.NewGuid():N}");
        Directory.CreateDirectory(jwks);
        var server = await ConformanceServer.StartAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "schema.graphql")),
            ["--additional-auth-mode", "OPENID_CONNECT", "--oidc-issuer", issuer.Issuer, "--oidc-client-id", ClientId, "--oidc-jwks", issuer.WriteJwks(jwks), .. serverOptions]);
        return new Pairing(server, issuer, jwks);
    }

    /// <summary>A signed OIDC token of the pairing's issuer for the user <paramref name="sub"/>, valid for an hour.</summary>
    public string Token(string sub) => _issuer.Create(DateTimeOffset.UtcNow, TimeSpan.FromHours(1), ClientId, null, new System.Security.Claims.Claim("sub", sub));

    /// <summary>
    /// A started client of that kind on an empty store (conflicts retried on the server's version unless
    /// <paramref name="discardConflicts"/>; selective sync with <paramref name="syncExpression"/>).
    /// </summary>
    public async Task<IConformanceClient> ClientAsync(string kind, bool discardConflicts = false, SyncExpressionSpec? syncExpression = null) =>
        await StartedAsync(kind == "js" ? await AmplifyJsClient.CreateAsync(Server.AmplifyJs, discardConflicts, syncExpression) : new DotNetClient(Server, discardConflicts, syncExpression));

    /// <summary>A started client of that kind signed in with <paramref name="token"/> (OPENID_CONNECT).</summary>
    public async Task<IConformanceClient> SignedInClientAsync(string kind, string token) =>
        await StartedAsync(kind == "js" ? await AmplifyJsClient.CreateAsync(Server.AmplifyJs, token: token) : new DotNetClient(Server, token: token));

    private async Task<IConformanceClient> StartedAsync(IConformanceClient client)
    {
        _clients.Add(client);
        await client.StartAsync();
        return client;
    }

    /// <summary>Waits until the client's records of the model satisfy <paramref name="condition"/>; fails with what it holds.</summary>
    public static async Task<List<JsonObject>> UntilAsync(IConformanceClient client, string model, Func<List<JsonObject>, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var records = await client.QueryAsync(model);
            if (condition(records))
            {
                return records;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"The {client.Kind} client never {what}; it holds {new JsonArray(records.Select(r => (JsonNode)r.DeepClone()).ToArray()).ToJsonString()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The record's stored fields of the schema, in a form both clients can be compared by.</summary>
    public static string Fields(JsonObject record, params string[] names) =>
        new JsonObject(names.Select(n => KeyValuePair.Create(n, record[n]?.DeepClone()))).ToJsonString();

    /// <summary>The server's copy of a note: its fields, <c>_version</c> and <c>_deleted</c>.</summary>
    public async Task<JsonObject?> ServerNoteAsync(string id) =>
        (await Server.PostAsync("query($id: ID!) { getNote(id: $id) { id title body rating _version _deleted } }", new { id }))["getNote"] as JsonObject;

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Server.DisposeAsync();
        _issuer.Dispose();
        Directory.Delete(_jwks, recursive: true);
    }
}
