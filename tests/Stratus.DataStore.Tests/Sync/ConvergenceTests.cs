using CsCheck;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>
/// Property: three clients making random saves and deletes, each syncing now and then and sometimes staying
/// offline for a while, all end equal to the server once everyone has synced. CsCheck prints the seed of a
/// failing case, and <c>CsCheck_Seed</c> replays it.
/// </summary>
public abstract class ConvergenceTests : SyncTestBase
{
    /// <summary>What a client does: 0 create, 1 update, 2 delete, 3 sync, 4 go offline or back online.</summary>
    private sealed record Step(int Client, int Kind, int Target, int Value);

    private static readonly Gen<Step[]> Steps =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 4], Gen.Int[0, 7], Gen.Int[0, 100], (c, k, t, v) => new Step(c, k, t, v)).Array[10, 30];

    [Fact]
    public async Task Three_clients_with_random_changes_and_offline_periods_end_equal_to_the_server() =>
        await Steps.SampleAsync(RunAsync, iter: 4, threads: 1);

    private async Task RunAsync(Step[] steps)
    {
        var clients = Enumerable.Range(0, 3).Select(_ => Client(o => o.DisableSubscriptions = true)).ToArray();
        var offline = new bool[3];
        foreach (var step in steps)
        {
            var store = clients[step.Client].Store;
            var posts = await store.QueryAsync<Post>();
            var target = posts.Count == 0 ? null : posts[step.Target % posts.Count];
            switch (step.Kind)
            {
                case 0:
                    await store.SaveAsync(new Post { Title = $"p{step.Value}", Rating = step.Value });
                    break;
                case 1 when target is not null:
                    target.Rating = step.Value;
                    target.Title = $"edited {step.Value}";
                    await store.SaveAsync(target);
                    break;
                case 2 when target is not null:
                    await store.DeleteAsync(target);
                    break;
                case 3 when !offline[step.Client]:
                    await store.SyncAsync();
                    break;
                case 4:
                    offline[step.Client] = !offline[step.Client];
                    break;
            }
        }

        // Everyone comes back: sync until no client has anything left to send, then once more to pull the last changes.
        for (var round = 0; round < 5; round++)
        {
            foreach (var client in clients)
            {
                await client.Store.SyncAsync();
            }
        }

        var server = (await ServerAsync("{ listPosts(limit: 1000) { items { id title rating _deleted } } }"))["listPosts"]!["items"]!.AsArray()
            .Where(p => p!["_deleted"]?.GetValue<bool>() != true)
            .Select(p => $"{p!["id"]}|{p["title"]}|{p["rating"]}").Order().ToList();
        foreach (var client in clients)
        {
            Assert.Empty(await client.Store.GetPendingMutationsAsync());
            var local = (await client.Store.QueryAsync<Post>()).Select(p => $"{p.Id}|{p.Title}|{p.Rating}").Order().ToList();
            Assert.Equal(server, local);
        }
    }
}

public sealed class SqliteConvergenceTests : ConvergenceTests
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresConvergenceTests(PostgresFixture postgres) : ConvergenceTests
{
    protected override Task<string> CreateDatabaseAsync() => postgres.Server.CreateDatabaseAsync();
}
