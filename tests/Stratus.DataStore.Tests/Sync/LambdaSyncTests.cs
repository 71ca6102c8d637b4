using System.Text.Json.Nodes;
using Stratus.DataStore.Sync.Conflicts;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;
using Stratus.Server.Conflicts;
using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;
using ConflictResolution = Stratus.DataStore.Sync.Conflicts.ConflictResolution;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>
/// LAMBDA: the server asks a conflict webhook on loopback (<c>--lambda-url</c>), which resolves updates by
/// appending " (lambda)" to the incoming title over the stored item, rejects titles "reject" and removes on delete.
/// The client ends as the webhook (and, on a rejection, its own conflict handler) decided.
/// </summary>
public abstract class LambdaSyncTests : SyncTestBase
{
    private ConflictWebhook? _webhook;

    protected override ConflictHandlerKind Strategy => ConflictHandlerKind.Lambda;

    protected override void ConfigureServer(StratusOptions options) => options.LambdaUrl = _webhook!.Url;

    public override async Task InitializeAsync()
    {
        _webhook = await ConflictWebhook.StartAsync(Decide);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_webhook is not null)
        {
            await _webhook.DisposeAsync();
        }
    }

    private static JsonObject Decide(JsonObject request)
    {
        var incoming = request["newItem"]!.AsObject();
        return request["resolver"]!["field"]!.GetValue<string>().StartsWith("delete", StringComparison.Ordinal) ? new JsonObject { ["action"] = "REMOVE" }
            : incoming["title"]?.GetValue<string>() == "reject" ? new JsonObject { ["action"] = "REJECT" }
            : Resolved(request["existingItem"]!.AsObject(), incoming);
    }

    private static JsonObject Resolved(JsonObject existing, JsonObject incoming)
    {
        var item = (JsonObject)existing.DeepClone();
        item["title"] = incoming["title"]!.GetValue<string>() + " (lambda)";
        return new JsonObject { ["action"] = "RESOLVE", ["item"] = item };
    }

    [Fact]
    public async Task A_stale_update_resolved_by_the_webhook_lands_on_the_server_and_locally()
    {
        var seen = new List<SyncConflict>();
        var client = DiscardingClient(seen);
        var post = await ChangedBehindTheBackAsync(client);
        post.Title = "edited";
        await client.Store.SaveAsync(post);

        await client.Store.SyncAsync();

        var server = (await ServerPostAsync(post.Id))!;
        Assert.Equal(("edited (lambda)", 9, 3), (server["title"]!.GetValue<string>(), server["rating"]!.GetValue<int>(), server["_version"]!.GetValue<int>()));
        var local = (await client.Store.QueryAsync<Post>(post.Id))!;
        Assert.Equal(("edited (lambda)", 9, 0), (local.Title, local.Rating, seen.Count));
        Assert.Single(await client.MetadataAsync(), m => m.ModelId == post.Id && m.Version == 3);
        Assert.Empty(await client.Store.GetPendingMutationsAsync());
    }

    [Fact]
    public async Task A_rejection_reaches_the_clients_handler_which_discards_to_the_servers_copy()
    {
        var seen = new List<SyncConflict>();
        var client = DiscardingClient(seen);
        var post = await ChangedBehindTheBackAsync(client);
        post.Title = "reject";
        await client.Store.SaveAsync(post);

        await client.Store.SyncAsync();

        var conflict = Assert.Single(seen);
        Assert.Equal((9, "reject"), (((Post)conflict.RemoteModel).Rating, conflict.Local["title"]!.GetValue<string>()));
        var local = (await client.Store.QueryAsync<Post>(post.Id))!;
        Assert.Equal(("mine", 9), (local.Title, local.Rating));
        Assert.Equal(2, (await ServerPostAsync(post.Id))!["_version"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_stale_delete_removed_by_the_webhook_deletes_everywhere()
    {
        var client = Client(o => o.DisableSubscriptions = true);
        var post = await ChangedBehindTheBackAsync(client);
        await client.Store.DeleteAsync(post);

        await client.Store.SyncAsync();

        var server = (await ServerPostAsync(post.Id))!;
        Assert.Equal((true, 3), (server["_deleted"]!.GetValue<bool>(), server["_version"]!.GetValue<int>()));
        Assert.Null(await client.Store.QueryAsync<Post>(post.Id));
        Assert.Empty(await client.Store.GetPendingMutationsAsync());
    }
}

public sealed class SqliteLambdaSyncTests : LambdaSyncTests
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresLambdaSyncTests(PostgresFixture postgres) : LambdaSyncTests
{
    protected override Task<string> CreateDatabaseAsync() => postgres.Server.CreateDatabaseAsync();
}
