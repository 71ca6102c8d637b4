using Stratus.Server.Hosting;
using System.Net.Http.Json;
using Stratus.DataStore.Events;
using Stratus.DataStore.Sync.Conflicts;
using ConflictResolution = Stratus.DataStore.Sync.Conflicts.ConflictResolution;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;
using Stratus.Server.Conflicts;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>
/// Each server conflict strategy meeting the client's conflict handler: the client edits a record the server
/// changed behind its back (no subscriptions, so it cannot hear of it), and ends as the handler decides.
/// </summary>
public abstract class ConflictTests : SyncTestBase
{
    protected override ConflictHandlerKind Strategy => ConflictHandlerKind.Optimistic_Concurrency;

    [Fact]
    public async Task The_default_handler_sends_the_change_again_on_the_servers_version()
    {
        var client = Client(o => o.DisableSubscriptions = true);
        var post = await ChangedBehindTheBackAsync(client);
        post.Title = "edited";
        await client.Store.SaveAsync(post);

        await client.Store.SyncAsync();

        var server = (await ServerPostAsync(post.Id))!;
        Assert.Equal(("edited", 9, 3), (server["title"]!.GetValue<string>(), server["rating"]!.GetValue<int>(), server["_version"]!.GetValue<int>()));
        var local = (await client.Store.QueryAsync<Post>(post.Id))!;
        Assert.Equal(("edited", 9), (local.Title, local.Rating));
    }

    [Fact]
    public async Task A_handler_that_discards_keeps_the_servers_copy()
    {
        var conflicts = new List<SyncConflict>();
        var client = DiscardingClient(conflicts);
        var post = await ChangedBehindTheBackAsync(client);
        post.Title = "edited";
        await client.Store.SaveAsync(post);

        await client.Store.SyncAsync();

        var conflict = Assert.Single(conflicts);
        Assert.Equal(("Post", 9, "edited", 1), (conflict.Model, ((Post)conflict.RemoteModel).Rating, conflict.Local["title"]!.GetValue<string>(), conflict.Attempts));
        var local = (await client.Store.QueryAsync<Post>(post.Id))!;
        Assert.Equal(("mine", 9), (local.Title, local.Rating));
        Assert.Equal(2, (await ServerPostAsync(post.Id))!["_version"]!.GetValue<int>());
        Assert.Empty(await client.Store.GetPendingMutationsAsync());
    }

    [Fact]
    public async Task A_handler_that_retries_with_a_merged_model_sends_that_model()
    {
        var client = Client(o =>
        {
            o.DisableSubscriptions = true;
            o.ConflictHandler = (conflict, _) =>
            {
                var merged = (Post)conflict.RemoteModel;
                merged.Title = conflict.Local["title"]!.GetValue<string>() + " (merged)";
                return ValueTask.FromResult(ConflictResolution.Retry(merged));
            };
        });
        var post = await ChangedBehindTheBackAsync(client);
        post.Title = "edited";
        await client.Store.SaveAsync(post);

        await client.Store.SyncAsync();

        var server = (await ServerPostAsync(post.Id))!;
        Assert.Equal(("edited (merged)", 9, 3), (server["title"]!.GetValue<string>(), server["rating"]!.GetValue<int>(), server["_version"]!.GetValue<int>()));
        Assert.Equal("edited (merged)", (await client.Store.QueryAsync<Post>(post.Id))!.Title);
    }

    [Fact]
    public async Task Issue16_a_stale_delete_resolves_in_one_retry_on_the_servers_version()
    {
        var deletes = new CountingHandler("deletePost");
        var client = Client(o =>
        {
            o.DisableSubscriptions = true;
            o.HttpClient = new HttpClient(deletes);
        });
        var post = await ChangedBehindTheBackAsync(client);
        await client.Store.DeleteAsync(post);

        await client.Store.SyncAsync();

        var server = (await ServerPostAsync(post.Id))!;
        Assert.Equal((true, 3), (server["_deleted"]!.GetValue<bool>(), server["_version"]!.GetValue<int>()));
        Assert.Equal(2, deletes.Count);
        Assert.Empty(await client.Store.GetPendingMutationsAsync());
        Assert.Null(await client.Store.QueryAsync<Post>(post.Id));
    }

    [Fact]
    public async Task A_refused_change_stays_visible_as_failed_and_discarding_it_takes_the_servers_copy()
    {
        var id = (await ServerAsync("mutation { createPost(input: {title: \"theirs\"}) { id } }"))["createPost"]!["id"]!.GetValue<string>();
        var client = Client(o => o.DisableSubscriptions = true);
        using var events = new EventWaiter(client.Store);
        await client.Store.SaveAsync(new Post { Id = id, Title = "mine" });

        var summary = await client.Store.SyncAsync();

        var failed = Assert.Single(await client.Store.GetFailedMutationsAsync());
        Assert.Equal((1, "ConditionalCheckFailedException", "mine"), (summary.Failed, failed.ErrorType, (await client.Store.QueryAsync<Post>(id))!.Title));
        Assert.Equal(failed.Sequence, (await events.WaitForAsync<MutationFailedEvent>()).Sequence);

        Assert.True(await client.Store.DiscardFailedMutationAsync(failed.Sequence));

        Assert.Equal("theirs", (await client.Store.QueryAsync<Post>(id))!.Title);
        Assert.Empty(await client.Store.GetPendingMutationsAsync());
    }

    /// <summary>Counts the GraphQL requests whose text names a field.</summary>
    private sealed class CountingHandler(string field) : DelegatingHandler(new HttpClientHandler())
    {
        private int _count;

        public int Count => _count;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null && (await request.Content.ReadAsStringAsync(cancellationToken)).Contains(field, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}

public sealed class SqliteConflictTests : ConflictTests
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresConflictTests(PostgresFixture postgres) : ConflictTests
{
    protected override Task<string> CreateDatabaseAsync() => postgres.Server.CreateDatabaseAsync();
}

/// <summary>AUTOMERGE: the server merges a stale update itself, and the client takes the merged record.</summary>
public sealed class AutomergeSyncTests : SyncTestBase
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    [Fact]
    public async Task A_stale_update_is_merged_by_the_server_and_the_merge_lands_locally()
    {
        var client = Client(o => o.DisableSubscriptions = true);
        var post = await client.Store.SaveAsync(new Post { Title = "mine", Tags = ["a"] });
        await client.Store.SyncAsync();
        await ServerAsync("mutation($id: ID!) { updatePost(input: {id: $id, rating: 9, _version: 1}) { id } }", new { id = post.Id });
        post.Title = "edited";
        await client.Store.SaveAsync(post);

        await client.Store.SyncAsync();

        var local = (await client.Store.QueryAsync<Post>(post.Id))!;
        var server = (await ServerPostAsync(post.Id))!;
        Assert.Equal((server["title"]!.GetValue<string>(), server["rating"]!.GetValue<int>()), (local.Title, local.Rating!.Value));
        Assert.Equal(9, local.Rating);
        Assert.Empty(await client.Store.GetPendingMutationsAsync());
    }
}
