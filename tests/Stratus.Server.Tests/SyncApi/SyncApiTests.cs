using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stratus.Server.Storage;
using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Server.Tests.SyncApi;

/// <summary>
/// The sync API over real HTTP on loopback, run once per storage provider: the subclasses only say how to make
/// an empty database. Split by topic into partial files.
/// </summary>
public abstract partial class SyncApiTests : SyncApiTestBase;

/// <summary>A server per test on a new database of the provider under test, and helpers for the Post model.</summary>
public abstract class SyncApiTestBase : IAsyncLifetime
{
    protected const string PostFields = "id title status rating score published tags counts meta email publishedOn address { street city } createdAt updatedAt _version _deleted _lastChangedAt";

    private StratusTestServer? _server;

    protected StratusTestServer Server => _server ?? throw new InvalidOperationException("Server not started.");

    protected static string SchemaFile => Path.Combine(AppContext.BaseDirectory, "Schemas", "blog.graphql");

    /// <summary>A connection string to a new, empty database of the provider under test.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    protected virtual void Configure(StratusOptions options)
    {
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync() => _server = await StratusTestServer.StartAsync(await CreateDatabaseAsync(), SchemaFile, Configure, services: ConfigureServices);

    /// <summary>Restarts the test's server on a new database with other settings (for per-case configuration).</summary>
    protected async Task RestartAsync(Action<StratusOptions> configure, Action<IServiceCollection>? services = null)
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _server = await StratusTestServer.StartAsync(await CreateDatabaseAsync(), SchemaFile, configure, services: services);
    }

    /// <summary>The delta rows of one item, oldest first: (version, deleted).</summary>
    protected async Task<List<(long Version, bool Deleted)>> DeltaRowsAsync(string model, string pk)
    {
        var factory = Server.Services.GetRequiredService<IDbContextFactory<StratusDbContext>>();
        await using var context = await factory.CreateDbContextAsync();
        var rows = await context.Deltas.AsNoTracking().Where(d => d.Model == model && d.Pk == pk).OrderBy(d => d.Id).ToListAsync();
        return rows.Select(d => (d.Version, d.Deleted)).ToList();
    }

    public virtual async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected async Task<JsonObject> CreatePostAsync(object input)
    {
        var response = await Server.PostAsync($"mutation($input: CreatePostInput!) {{ createPost(input: $input) {{ {PostFields} }} }}", new { input });
        return response.Ok().Data("createPost")!.AsObject();
    }

    protected async Task<GraphqlResponse> UpdatePostAsync(object input, object? condition = null) =>
        await Server.PostAsync($"mutation($input: UpdatePostInput!, $condition: ModelPostConditionInput) {{ updatePost(input: $input, condition: $condition) {{ {PostFields} }} }}", new { input, condition });

    protected async Task<GraphqlResponse> DeletePostAsync(object input, object? condition = null) =>
        await Server.PostAsync($"mutation($input: DeletePostInput!, $condition: ModelPostConditionInput) {{ deletePost(input: $input, condition: $condition) {{ {PostFields} }} }}", new { input, condition });

    protected async Task<JsonObject?> GetPostAsync(string id)
    {
        var response = await Server.PostAsync($"query($id: ID!) {{ getPost(id: $id) {{ {PostFields} }} }}", new { id });
        return response.Ok().Data("getPost") as JsonObject;
    }

    protected async Task<JsonObject> SyncPostsAsync(long? lastSync, int? limit = null, string? nextToken = null, object? filter = null)
    {
        var response = await Server.PostAsync(
            $"query($limit: Int, $nextToken: String, $lastSync: AWSTimestamp, $filter: ModelPostFilterInput) {{ syncPosts(limit: $limit, nextToken: $nextToken, lastSync: $lastSync, filter: $filter) {{ items {{ {PostFields} }} nextToken startedAt }} }}",
            new { limit, nextToken, lastSync, filter });
        return response.Ok().Data("syncPosts")!.AsObject();
    }

    /// <summary>Follows nextToken to the end; returns every item and the startedAt of each page.</summary>
    protected async Task<(List<JsonObject> Items, List<long?> StartedAts, int Pages)> SyncAllAsync(long? lastSync, int limit, object? filter = null)
    {
        var items = new List<JsonObject>();
        var startedAts = new List<long?>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await SyncPostsAsync(lastSync, limit, token, filter);
            pages++;
            items.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject()));
            startedAts.Add(page["startedAt"]?.GetValue<long>());
            token = page["nextToken"]?.GetValue<string>();
            Assert.True(pages < 1000, "Pagination did not end.");
        }
        while (token is not null);
        return (items, startedAts, pages);
    }

    protected static string Id(JsonNode item) => item["id"]!.GetValue<string>();

    protected static long Version(JsonNode item) => item["_version"]!.GetValue<long>();
}
