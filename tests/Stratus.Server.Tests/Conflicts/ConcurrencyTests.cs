using Stratus.Server.Hosting;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stratus.Server.Conflicts;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.SyncApi;

namespace Stratus.Server.Tests.Conflicts;

/// <summary>
/// 32 HTTP clients run read-modify-write loops on one item, each appending its own tags. No update may be lost:
/// the final _version is 1 + the accepted writes, every refusal is a conflict error, and (except under NONE, which
/// is last-writer-wins by design) every appended tag survives.
/// </summary>
public abstract class ConcurrencyTests : SyncApiTestBase
{
    private const int Clients = 32;
    // Two rounds: under AUTOMERGE a stale full-list write is appended to the server's list (duplicates kept, as
    // AppSync does), so the list grows with every round of contention.
    private const int WritesPerClient = 2;

    public override Task InitializeAsync() => Task.CompletedTask;

    /// <summary>LAMBDA under test: keeps every tag of both sides (a union), like an app-specific merge would.</summary>
    private sealed class UnionHandler : IConflictHandler
    {
        public Task<ConflictResolution> ResolveAsync(ConflictRequest request, CancellationToken cancellationToken)
        {
            var tags = (request.ExistingItem["tags"] as JsonArray ?? []).Concat(request.NewItem["tags"] as JsonArray ?? [])
                .Select(t => t!.GetValue<string>()).Distinct().Select(t => (JsonNode?)t).ToArray();
            return Task.FromResult(ConflictResolution.Resolve(new JsonObject { ["title"] = request.ExistingItem["title"]!.DeepClone(), ["tags"] = new JsonArray(tags) }));
        }
    }

    [Theory]
    [InlineData(ConflictHandlerKind.Optimistic_Concurrency)]
    [InlineData(ConflictHandlerKind.Automerge)]
    [InlineData(ConflictHandlerKind.Lambda)]
    [InlineData(ConflictHandlerKind.None)]
    public async Task Concurrent_read_modify_write_loses_no_update(ConflictHandlerKind kind)
    {
        await RestartAsync(o => o.ConflictHandler = kind, s => s.AddSingleton<IConflictHandler, UnionHandler>());
        var id = Id(await CreatePostAsync(new { title = "hot", tags = Array.Empty<string>() }));
        var accepted = 0;
        var refusals = new ConcurrentBag<string>();
        var appended = new ConcurrentBag<string>();

        async Task ClientAsync(int client)
        {
            using var http = new HttpClient { BaseAddress = Server.Client.BaseAddress, Timeout = TestTimeouts.Default };
            http.DefaultRequestHeaders.Add("x-api-key", StratusTestServer.ApiKey);
            for (int written = 0, attempts = 0; written < WritesPerClient && attempts < 500; attempts++)
            {
                var current = (await Server.PostAsync("query($id: ID!) { getPost(id: $id) { tags _version } }", new { id }, http)).Ok().Data("getPost")!;
                var tag = $"c{client}-{written}";
                var tags = current["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Append(tag).ToArray();
                var response = await Server.PostAsync("mutation($input: UpdatePostInput!) { updatePost(input: $input) { _version } }",
                    new { input = new { id, tags, _version = Version(current) } }, http);
                if (response.Errors.Count == 0)
                {
                    Interlocked.Increment(ref accepted);
                    appended.Add(tag);
                    written++;
                }
                else
                {
                    refusals.Add(response.ErrorType ?? response.Body.ToJsonString());
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(() => ClientAsync(c)))).DefaultTimeout();

        var final = (await GetPostAsync(id))!;
        var finalTags = final["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Equal(Clients * WritesPerClient, accepted);
        Assert.Equal(1 + accepted, Version(final));
        Assert.Equal(1 + accepted, (await DeltaRowsAsync("Post", id)).Count);
        string[] allowed = kind == ConflictHandlerKind.Lambda ? ["ConflictUnhandled", "MaxConflicts"] : ["ConflictUnhandled"];
        Assert.All(refusals, r => Assert.Contains(r, allowed));
        if (kind == ConflictHandlerKind.Optimistic_Concurrency)
        {
            Assert.Equal(appended.Order(), finalTags.Order());
        }
        else if (kind != ConflictHandlerKind.None)
        {
            Assert.All(appended, tag => Assert.Contains(tag, finalTags));
        }
        else
        {
            Assert.Empty(refusals);
        }
    }
}

public sealed class SqliteConcurrencyTests : ConcurrencyTests
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresConcurrencyTests(PostgresFixture postgres) : ConcurrencyTests
{
    protected override Task<string> CreateDatabaseAsync() => postgres.Server.CreateDatabaseAsync();
}
