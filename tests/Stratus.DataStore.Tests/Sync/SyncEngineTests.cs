using Microsoft.EntityFrameworkCore;
using Stratus.DataStore.Events;
using Stratus.DataStore.Exceptions;
using Stratus.DataStore.Models;
using Stratus.DataStore.Storage;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>The sync engine against a real server: pull, push, live updates, offline and back, limits, selective sync.</summary>
public abstract class SyncEngineTests : SyncTestBase
{
    [Fact]
    public async Task A_save_reaches_another_client_by_base_sync_and_then_live()
    {
        var a = Client();
        using var aEvents = new EventWaiter(a.Store);
        await a.Store.StartAsync();
        await aEvents.WaitForAsync<ReadyEvent>();
        var blog = await a.Store.SaveAsync(new Blog { Name = "news" });
        var post = await a.Store.SaveAsync(new Post { Title = "first", BlogID = blog.Id, Rating = 3, Tags = ["a", "b"], PublishedOn = new DateOnly(2026, 5, 1) });
        await aEvents.WaitForAsync<OutboxMutationProcessedEvent>(e => e.Model == "Post");

        var b = Client();
        using var bEvents = new EventWaiter(b.Store);
        await b.Store.StartAsync();
        await bEvents.WaitForAsync<ReadyEvent>();
        var pulled = await b.Store.QueryAsync<Post>(post.Id);
        var changes = new Collector<ModelChange<Post>>();
        using var watch = b.Store.Observe<Post>().Subscribe(changes);

        post.Title = "second";
        await a.Store.SaveAsync(post);
        var live = await changes.WaitForAsync(1);

        Assert.Equal(("first", 3, new DateOnly(2026, 5, 1), blog.Id), (pulled!.Title, pulled.Rating, pulled.PublishedOn, pulled.BlogID));
        Assert.Equal(["a", "b"], pulled.Tags!);
        Assert.Equal((OperationType.Update, "second"), (live[0].OpType, live[0].Element.Title));
        Assert.Equal(2, (await ServerPostAsync(post.Id))!["_version"]!.GetValue<int>());
        var synced = bEvents.Events.OfType<ModelSyncedEvent>().Single(e => e.Model == "Post");
        Assert.Equal((true, 1), (synced.IsFullSync, synced.New));
    }

    [Fact]
    public async Task Times_and_date_times_reach_the_server_and_other_clients_exactly_as_written()
    {
        var a = Client(o => o.DisableSubscriptions = true);
        var post = await a.Store.SaveAsync(new Post
        {
            Title = "exact", PublishedAt = AwsTime.Parse("07:05:09.5+05:30"), EditedAt = AwsDateTime.Parse("2026-05-01T23:59:59.123456789-08:00"),
        });
        await a.Store.SyncAsync();
        var id = (await ServerAsync("mutation { createPost(input: {title: \"remote\", publishedAt: \"12:00Z\", editedAt: \"2026-05-02T01:02Z\"}) { id } }"))["createPost"]!["id"]!.GetValue<string>();

        var b = Client(o => o.DisableSubscriptions = true);
        await b.Store.SyncAsync();

        var onServer = (await ServerAsync("query($id: ID!) { getPost(id: $id) { publishedAt editedAt } }", new { id = post.Id }))["getPost"]!;
        Assert.Equal(("07:05:09.5+05:30", "2026-05-01T23:59:59.123456789-08:00"), (onServer["publishedAt"]!.GetValue<string>(), onServer["editedAt"]!.GetValue<string>()));
        var pulled = (await b.Store.QueryAsync<Post>(post.Id))!;
        Assert.Equal(("07:05:09.5+05:30", "2026-05-01T23:59:59.123456789-08:00"), (pulled.PublishedAt.ToString(), pulled.EditedAt.ToString()));
        var remote = (await b.Store.QueryAsync<Post>(id))!;
        Assert.Equal(("12:00Z", "2026-05-02T01:02Z"), (remote.PublishedAt.ToString(), remote.EditedAt.ToString()));
    }

    [Fact]
    public async Task Models_sync_parents_before_children()
    {
        var seed = Client();
        var blog = await seed.Store.SaveAsync(new Blog { Name = "parent" });
        await seed.Store.SaveAsync(new Post { Title = "child", BlogID = blog.Id });
        await seed.Store.SyncAsync();

        var fresh = Client(o => o.DisableSubscriptions = true);
        using var events = new EventWaiter(fresh.Store);
        await fresh.Store.SyncAsync();
        await events.WaitForAsync<SyncQueriesReadyEvent>();

        var order = events.Events.OfType<ModelSyncedEvent>().Select(e => e.Model).ToList();
        Assert.True(order.IndexOf("Blog") < order.IndexOf("Post") && order.IndexOf("Post") < order.IndexOf("Comment"), string.Join(",", order));
        Assert.Equal(blog.Id, (await fresh.Store.QueryAsync<Post>(p => p.Title == "child")).Single().BlogID);
    }

    [Fact]
    public async Task Offline_changes_queue_coalesced_and_push_when_the_server_comes_back()
    {
        var port = StratusProcess.FreePort();
        var client = Client(endpoint: new Uri($"http://127.0.0.1:{port}/graphql"));
        using var events = new EventWaiter(client.Store);
        await client.Store.StartAsync();
        await events.WaitForAsync<NetworkStatusEvent>(e => !e.Active);
        var kept = await client.Store.SaveAsync(new Post { Title = "draft" });
        kept.Title = "final";
        await client.Store.SaveAsync(kept);
        var dropped = await client.Store.SaveAsync(new Post { Title = "oops" });
        await client.Store.DeleteAsync(dropped);
        Assert.Single(await client.Store.GetPendingMutationsAsync());

        await using var late = await StratusTestServer.StartAsync(SqliteFiles.New(), SchemaFile, port: port);
        await events.WaitForAsync<NetworkStatusEvent>(e => e.Active);
        await events.WaitForAsync<OutboxMutationProcessedEvent>();

        var posts = (await late.PostAsync("{ listPosts { items { id title _version } } }")).Data("listPosts")!["items"]!.AsArray();
        Assert.Equal([(kept.Id, "final", 1)], posts.Select(p => (p!["id"]!.GetValue<string>(), p["title"]!.GetValue<string>(), p["_version"]!.GetValue<int>())));
        Assert.Empty(await client.Store.GetPendingMutationsAsync());
    }

    [Fact]
    public async Task A_dropped_realtime_connection_reconnects_and_a_delta_sync_closes_the_gap()
    {
        var client = Client();
        using var events = new EventWaiter(client.Store);
        await client.Store.StartAsync();
        await events.WaitForAsync<SubscriptionsEstablishedEvent>();
        await events.WaitForAsync<ReadyEvent>();

        // While the client's server is down, another server on the same database takes a write.
        await RestartServerAsync(async () =>
        {
            await using var other = await Stratus.Server.Tests.Infrastructure.StratusTestServer.StartAsync(Database, SchemaFile);
            Assert.Null((await other.PostAsync("mutation { createPost(input: {id: \"gap\", title: \"while away\"}) { id } }")).Body["errors"]);
        });
        await events.WaitForAsync<SubscriptionsEstablishedEvent>(count: 2);
        await events.WaitForAsync<ModelSyncedEvent>(e => e.Model == "Post" && e.IsDeltaSync);
        var changes = new Collector<ModelChange<Post>>();
        using var watch = client.Store.Observe<Post>(p => p.Title == "live again").Subscribe(changes);
        await ServerAsync("mutation { createPost(input: {title: \"live again\"}) { id } }");

        Assert.Equal("while away", (await client.Store.QueryAsync<Post>("gap"))!.Title);
        Assert.Equal(OperationType.Insert, (await changes.WaitForAsync(1))[0].OpType);
        Assert.Contains(events.Events.OfType<NetworkStatusEvent>(), e => !e.Active);
    }

    [Fact]
    public async Task Two_updates_queued_offline_reach_the_server_as_one_update_with_both_changes()
    {
        var client = Client(o => o.DisableSubscriptions = true);
        var post = await client.Store.SaveAsync(new Post { Title = "one", Rating = 1 });
        await client.Store.SyncAsync();
        post.Title = "two";
        await client.Store.SaveAsync(post);
        post.Rating = 2;
        await client.Store.SaveAsync(post);
        var pending = Assert.Single(await client.Store.GetPendingMutationsAsync());

        var summary = await client.Store.SyncAsync();

        var server = (await ServerPostAsync(post.Id))!;
        Assert.Equal((1, "two", 2, 2), (summary.Sent, server["title"]!.GetValue<string>(), server["rating"]!.GetValue<int>(), server["_version"]!.GetValue<int>()));
        Assert.Equal(Stratus.DataStore.Storage.MutationOperation.Update, pending.Operation);
    }

    [Fact]
    public async Task An_update_then_a_delete_queued_offline_reach_the_server_as_one_delete()
    {
        var client = Client(o => o.DisableSubscriptions = true);
        var post = await client.Store.SaveAsync(new Post { Title = "one" });
        await client.Store.SyncAsync();
        post.Title = "two";
        await client.Store.SaveAsync(post);
        await client.Store.DeleteAsync(post);
        var pending = Assert.Single(await client.Store.GetPendingMutationsAsync());

        var summary = await client.Store.SyncAsync();

        var server = (await ServerPostAsync(post.Id))!;
        Assert.Equal((Stratus.DataStore.Storage.MutationOperation.Delete, 1), (pending.Operation, summary.Sent));
        Assert.Equal(("one", true, 2), (server["title"]!.GetValue<string>(), server["_deleted"]!.GetValue<bool>(), server["_version"]!.GetValue<int>()));
        Assert.Null(await client.Store.QueryAsync<Post>(post.Id));
    }

    [Fact]
    public async Task A_conditional_save_is_sent_on_its_own_in_order_and_the_server_checks_its_condition()
    {
        var client = Client(o => o.DisableSubscriptions = true);
        var post = await client.Store.SaveAsync(new Post { Title = "one", Rating = 1 });
        await client.Store.SyncAsync();
        post.Title = "two";
        await client.Store.SaveAsync(post);
        post.Rating = 2;
        await client.Store.SaveAsync(post, p => p.Rating == 1);
        post.Title = "three";
        await client.Store.SaveAsync(post);
        Assert.Equal(3, (await client.Store.GetPendingMutationsAsync()).Count);

        var summary = await client.Store.SyncAsync();

        var server = (await ServerPostAsync(post.Id))!;
        Assert.Equal((3, "three", 2, 4), (summary.Sent, server["title"]!.GetValue<string>(), server["rating"]!.GetValue<int>(), server["_version"]!.GetValue<int>()));

        // Changed behind the client's back, the condition no longer holds on the server: the change is kept as failed.
        await ServerAsync("mutation($id: ID!) { updatePost(input: {id: $id, rating: 9, _version: 4}) { id } }", new { id = post.Id });
        post.Title = "four";
        await client.Store.SaveAsync(post, p => p.Rating == 2);

        var refused = await client.Store.SyncAsync();

        var failed = Assert.Single(await client.Store.GetFailedMutationsAsync());
        Assert.Equal((1, "ConditionalCheckFailedException"), (refused.Failed, failed.ErrorType));
        Assert.Equal(("three", 5), ((await ServerPostAsync(post.Id))!["title"]!.GetValue<string>(), (await ServerPostAsync(post.Id))!["_version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_server_restarted_mid_push_loses_nothing_and_duplicates_nothing()
    {
        var client = Client(o => o.DisableSubscriptions = true);
        for (var i = 0; i < 20; i++)
        {
            await client.Store.SaveAsync(new Post { Title = $"post {i}", Rating = i });
        }

        var sync = client.Store.SyncAsync();
        await RestartServerAsync();
        try
        {
            await sync;
        }
        catch (ServerUnreachableException)
        {
            // The restart cut this run short; the next one finishes it.
        }

        var summary = await client.Store.SyncAsync();

        var titles = (await ServerAsync("{ listPosts(limit: 100) { items { title } } }"))["listPosts"]!["items"]!.AsArray().Select(p => p!["title"]!.GetValue<string>()).ToList();
        Assert.Equal(20, titles.Count);
        Assert.Equal(20, titles.Distinct().Count());
        Assert.Empty(await client.Store.GetPendingMutationsAsync());
        Assert.Equal(0, summary.Failed);
    }

    [Fact]
    public async Task Sync_against_an_unreachable_server_throws_and_keeps_every_change()
    {
        var client = Client(endpoint: new Uri($"http://127.0.0.1:{StratusProcess.FreePort()}/graphql"));
        await client.Store.SaveAsync(new Post { Title = "kept" });

        await Assert.ThrowsAsync<ServerUnreachableException>(() => client.Store.SyncAsync());

        Assert.Equal("kept", (await client.Store.GetPendingMutationsAsync()).Single().Data["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_base_sync_of_several_pages_stores_every_record_and_its_version_and_gives_its_connection_back_with_the_settings_it_had()
    {
        var titles = Enumerable.Range(0, 7).Select(i => $"page post {i} — ünïcode").ToList();
        foreach (var title in titles)
        {
            await ServerAsync("mutation($t: String!) { createPost(input: {title: $t, rating: 4}) { id } }", new { t = title });
        }

        var client = Client(o => o.SyncPageSize = 3);

        var summary = await client.Store.SyncAsync();

        Assert.Equal(7, summary.Pulled["Post"]);
        var posts = await client.Store.QueryAsync<Post>();
        Assert.Equal(titles.Order(StringComparer.Ordinal), posts.Select(p => p.Title).Order(StringComparer.Ordinal));
        Assert.All(posts, p => Assert.Equal(4, p.Rating));
        var metadata = await client.MetadataAsync();
        Assert.Equal(posts.Select(p => p.Id).Order(StringComparer.Ordinal), metadata.Where(m => m.ModelName == "Post").Select(m => m.ModelId).Order(StringComparer.Ordinal));
        Assert.All(metadata, m => Assert.True(m.Version == 1 && !m.Deleted && m.LastChangedAt > 0, $"{m.ModelId}: version {m.Version}"));
        // Pages commit without waiting for the disk; the connection they used goes back to the pool as it came.
        await using var db = client.Store.NewContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        Assert.Equal(2L, await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA wal_autocheckpoint";
        Assert.Equal(1000L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_sync_of_many_small_pages_stores_every_record_and_reports_each_page_in_order()
    {
        var titles = Enumerable.Range(0, 25).Select(i => $"many {i:D2}").ToList();
        foreach (var title in titles)
        {
            await ServerAsync("mutation($t: String!) { createPost(input: {title: $t}) { id } }", new { t = title });
        }

        // Pages that wait for the merge may be merged together: each is still reported, in order.
        var client = Client(o => o.SyncPageSize = 2);
        using var events = new EventWaiter(client.Store);

        var summary = await client.Store.SyncAsync();

        Assert.Equal(titles, (await client.Store.QueryAsync<Post>()).Select(p => p.Title).Order(StringComparer.Ordinal));
        Assert.Equal(25, summary.Pulled["Post"]);
        var progress = events.Events.OfType<SyncProgressEvent>().Where(e => e.Model == "Post").ToList();
        Assert.Equal(Enumerable.Range(1, 13), progress.Select(e => e.Page));
        Assert.Equal(Enumerable.Range(1, 13).Select(page => Math.Min(2 * page, 25)), progress.Select(e => e.Records));
        Assert.Equal(25, (await client.MetadataAsync()).Count(m => m.ModelName == "Post" && m.Version == 1));
    }

    [Fact]
    public async Task Reaching_MaxRecordsToSync_raises_an_event_and_keeps_the_records_taken()
    {
        for (var i = 0; i < 5; i++)
        {
            await ServerAsync("mutation($t: String!) { createPost(input: {title: $t}) { id } }", new { t = $"p{i}" });
        }

        var client = Client(o =>
        {
            o.MaxRecordsToSync = 3;
            o.SyncPageSize = 2;
        });
        using var events = new EventWaiter(client.Store);

        var summary = await client.Store.SyncAsync();

        Assert.Equal(3, await client.Store.CountAsync<Post>());
        Assert.Equal(3, summary.Pulled["Post"]);
        Assert.Equal(3, (await events.WaitForAsync<SyncLimitReachedEvent>()).Limit);
        Assert.Equal([1, 2], events.Events.OfType<SyncProgressEvent>().Where(e => e.Model == "Post").Select(e => e.Page));
    }

    [Fact]
    public async Task A_changed_sync_expression_resyncs_and_removes_records_outside_it()
    {
        for (var i = 1; i <= 5; i++)
        {
            await ServerAsync("mutation($t: String!, $r: Int) { createPost(input: {title: $t, rating: $r}) { id } }", new { t = $"r{i}", r = i });
        }

        var path = Path.Combine(Path.GetTempPath(), $"stratus-selective-{Guid.NewGuid():N}.db");
        var high = Client(o =>
        {
            o.DatabasePath = path;
            o.SyncExpression<Post>(p => p.Rating >= 4);
        });
        await high.Store.SyncAsync();
        var first = (await high.Store.QueryAsync<Post>()).Select(p => p.Rating).Order().ToList();
        await high.Store.DisposeAsync();

        var low = Client(o =>
        {
            o.DatabasePath = path;
            o.SyncExpression<Post>(p => p.Rating <= 2);
        });
        using var events = new EventWaiter(low.Store);
        await low.Store.SyncAsync();
        var second = (await low.Store.QueryAsync<Post>()).Select(p => p.Rating).Order().ToList();

        Assert.Equal([4, 5], first);
        Assert.Equal([1, 2], second);
        var synced = await events.WaitForAsync<ModelSyncedEvent>(e => e.Model == "Post");
        Assert.Equal((true, 2, 2), (synced.IsFullSync, synced.New, synced.Deleted));
    }

    [Fact]
    public async Task A_sync_expression_the_server_cannot_filter_by_is_applied_to_unfiltered_live_events()
    {
        // Eleven alternatives: past the ten a subscription filter may hold, so the server refuses it.
        var client = Client(o => o.SyncExpression<Post>(p => p.Rating == 1 || p.Rating == 2 || p.Rating == 3 || p.Rating == 4 || p.Rating == 5
            || p.Rating == 6 || p.Rating == 7 || p.Rating == 8 || p.Rating == 9 || p.Rating == 10 || p.Rating == 11));
        using var events = new EventWaiter(client.Store);
        await client.Store.StartAsync();
        await events.WaitForAsync<SubscriptionsEstablishedEvent>();
        await events.WaitForAsync<ReadyEvent>();
        var changes = new Collector<ModelChange<Post>>();
        using var watch = client.Store.Observe<Post>().Subscribe(changes);

        await ServerAsync("mutation { createPost(input: {title: \"outside\", rating: 50}) { id } }");
        await ServerAsync("mutation { createPost(input: {title: \"inside\", rating: 7}) { id } }");

        Assert.Equal("inside", (await changes.WaitForAsync(1))[0].Element.Title);
        Assert.Equal(["inside"], (await client.Store.QueryAsync<Post>()).Select(p => p.Title));
        Assert.DoesNotContain(events.Events.OfType<SyncErrorEvent>(), e => e.Error.Process == Stratus.DataStore.Sync.Conflicts.SyncProcess.Subscribe);
    }

    [Fact]
    public async Task A_second_run_is_a_delta_sync_that_brings_only_the_changes()
    {
        var client = Client(o => o.DisableSubscriptions = true);
        var id = (await ServerAsync("mutation { createPost(input: {title: \"one\"}) { id } }"))["createPost"]!["id"]!.GetValue<string>();
        await client.Store.SyncAsync();
        await ServerAsync("mutation($id: ID!) { updatePost(input: {id: $id, title: \"two\", _version: 1}) { id } }", new { id });
        await ServerAsync("mutation { createPost(input: {title: \"three\"}) { id } }");
        using var events = new EventWaiter(client.Store);

        var summary = await client.Store.SyncAsync();

        var synced = await events.WaitForAsync<ModelSyncedEvent>(e => e.Model == "Post");
        Assert.Equal((false, true, 1, 1), (synced.IsFullSync, synced.IsDeltaSync, synced.New, synced.Updated));
        Assert.Equal(2, summary.Pulled["Post"]);
        Assert.Equal(["three", "two"], (await client.Store.QueryAsync<Post>()).Select(p => p.Title).Order());
    }

    [Fact]
    public async Task ObserveQuery_reports_IsSynced_only_once_the_model_has_synced()
    {
        var client = Client(o => o.DisableSubscriptions = true);
        var snapshots = new Collector<QuerySnapshot<Post>>();
        using var live = client.Store.ObserveQuery<Post>().Subscribe(snapshots);
        var before = (await snapshots.WaitForAsync(1))[0];

        await client.Store.SyncAsync();

        Assert.False(before.IsSynced);
        Assert.True((await snapshots.WaitForAsync(2))[1].IsSynced);
    }

    [Fact]
    public async Task A_delete_on_the_server_removes_the_local_record_on_the_next_sync()
    {
        var client = Client(o => o.DisableSubscriptions = true);
        var post = await client.Store.SaveAsync(new Post { Title = "short-lived" });
        await client.Store.SyncAsync();
        await ServerAsync("mutation($id: ID!) { deletePost(input: {id: $id, _version: 1}) { id } }", new { id = post.Id });

        await client.Store.SyncAsync();

        Assert.Null(await client.Store.QueryAsync<Post>(post.Id));
        Assert.Single(await client.MetadataAsync(), m => m.ModelId == post.Id && m.Deleted && m.Version == 2);
    }
}

public sealed class SqliteSyncEngineTests : SyncEngineTests
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresSyncEngineTests(PostgresFixture postgres) : SyncEngineTests
{
    protected override Task<string> CreateDatabaseAsync() => postgres.Server.CreateDatabaseAsync();
}
