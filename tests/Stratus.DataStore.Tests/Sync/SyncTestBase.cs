using Stratus.Server.Hosting;
using System.Text.Json.Nodes;
using Stratus.DataStore.Api;
using AuthMode = Stratus.DataStore.Api.AuthMode;
using Stratus.DataStore.Configuration;
using Stratus.DataStore.Sync.Conflicts;
using Stratus.DataStore.Tests.Models;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.Server.Conflicts;
using ConflictResolution = Stratus.DataStore.Sync.Conflicts.ConflictResolution;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>
/// Clients of a real Stratus server on loopback, serving the tests' own schema, once per server database
/// (SQLite, PostgreSQL). Each client is a DataStore on its own SQLite file with fast retry timings.
/// </summary>
public abstract class SyncTestBase : IAsyncLifetime
{
    protected static readonly string SchemaFile = Path.Combine(AppContext.BaseDirectory, "schema.graphql");
    private readonly List<TempStore> _clients = [];
    private string _database = "";

    protected StratusTestServer Server { get; private set; } = null!;

    /// <summary>The server's database connection string.</summary>
    protected string Database => _database;

    protected virtual ConflictHandlerKind Strategy => ConflictHandlerKind.Automerge;

    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>Server options beyond the conflict strategy (every start, restarts included).</summary>
    protected virtual void ConfigureServer(Stratus.Server.Hosting.StratusOptions options)
    {
    }

    public virtual async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        Server = await StartServerAsync();
    }

    protected Task<StratusTestServer> StartServerAsync(int port = 0) =>
        StratusTestServer.StartAsync(_database, SchemaFile, o =>
        {
            o.ConflictHandler = Strategy;
            ConfigureServer(o);
        }, port: port);

    /// <summary>Stops the server and starts it again on the same port and database.</summary>
    protected async Task RestartServerAsync(Func<Task>? whileDown = null)
    {
        var port = Server.Endpoint.Port;
        await Server.DisposeAsync();
        if (whileDown is not null)
        {
            await whileDown();
        }

        Server = await StartServerAsync(port);
    }

    /// <summary>A client of the server (or of <paramref name="endpoint"/>), not started.</summary>
    protected TempStore Client(Action<DataStoreOptions>? configure = null, Uri? endpoint = null, TimeProvider? time = null)
    {
        var client = TempStore.Create(time: time, configure: o =>
        {
            o.AppSync = new AppSyncSettings(endpoint ?? Server.Endpoint, AuthMode.ApiKey, StratusTestServer.ApiKey);
            o.Retry.MaxAttempts = 2;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
            o.Retry.ReconnectBaseDelay = TimeSpan.FromMilliseconds(100);
            o.Retry.MaxReconnectDelay = TimeSpan.FromMilliseconds(400);
            configure?.Invoke(o);
        });
        _clients.Add(client);
        return client;
    }

    /// <summary>A synced post at version 2 on the server (rating 9, set behind the client's back), still version 1 on the client.</summary>
    protected async Task<Post> ChangedBehindTheBackAsync(TempStore client)
    {
        var post = await client.Store.SaveAsync(new Post { Title = "mine", Rating = 1 });
        await client.Store.SyncAsync();
        await ServerAsync("mutation($id: ID!) { updatePost(input: {id: $id, rating: 9, _version: 1}) { id } }", new { id = post.Id });
        return post;
    }

    /// <summary>A client without subscriptions whose conflict handler notes each conflict in <paramref name="seen"/> and discards.</summary>
    protected TempStore DiscardingClient(List<SyncConflict> seen) => Client(o =>
    {
        o.DisableSubscriptions = true;
        o.ConflictHandler = (conflict, _) =>
        {
            lock (seen)
            {
                seen.Add(conflict);
            }

            return ValueTask.FromResult(ConflictResolution.Discard);
        };
    });

    /// <summary>Runs a GraphQL request on the server directly (another client, behind the DataStore's back).</summary>
    protected async Task<JsonObject> ServerAsync(string query, object? variables = null)
    {
        var response = (await Server.PostAsync(query, variables)).Ok();
        return response.Body["data"]!.AsObject();
    }

    protected async Task<JsonObject?> ServerPostAsync(string id) =>
        (await ServerAsync("query($id: ID!) { getPost(id: $id) { id title rating _version _deleted } }", new { id }))["getPost"] as JsonObject;

    public virtual async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Server.DisposeAsync();
    }
}
