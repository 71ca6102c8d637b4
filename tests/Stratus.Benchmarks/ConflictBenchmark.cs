using Stratus.Server.Hosting;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stratus.Server.Conflicts;
using Stratus.Server.Storage;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Benchmarks;

/// <summary>
/// Update throughput per conflict strategy: concurrent clients on one hot item (read-modify-write, retrying
/// refusals) and on 10,000 distinct items, each as a ratio to the uncontended create rate of the same run.
/// </summary>
internal static class ConflictBenchmark
{
    private const int Clients = 8;
    private const int DistinctItems = 10_000;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(4);

    private static readonly (string Model, ConflictHandlerKind Kind)[] Strategies =
    [
        ("OccItem", ConflictHandlerKind.Optimistic_Concurrency),
        ("MergeItem", ConflictHandlerKind.Automerge),
        ("LambdaItem", ConflictHandlerKind.Lambda),
        ("NoneItem", ConflictHandlerKind.None),
    ];

    /// <summary>Resolves every conflict to the incoming item, the cheapest possible handler.</summary>
    private sealed class TakeIncoming : IConflictHandler
    {
        public Task<ConflictResolution> ResolveAsync(ConflictRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(ConflictResolution.Resolve(request.NewItem));
    }

    public static async Task<List<BenchmarkResult>> MeasureAsync(string provider, string database)
    {
        await using var server = await StratusTestServer.StartAsync(database, Schemas.Write(Schemas.Conflicts), o =>
        {
            foreach (var (model, kind) in Strategies)
            {
                o.Conflicts.Models[model] = kind;
            }
        }, services: s => s.AddSingleton<IConflictHandler, TakeIncoming>());

        var createRate = await CreateRateAsync(server);
        var results = new List<BenchmarkResult>();
        foreach (var (model, kind) in Strategies)
        {
            var hot = await HotItemRateAsync(server, model);
            var ids = await SeedAsync(server, model);
            var distinct = await DistinctItemsRateAsync(server, model, ids);
            results.Add(new(provider, $"update one hot item, {kind}", hot, createRate));
            results.Add(new(provider, $"update {DistinctItems} items, {kind}", distinct, createRate));
        }

        return results;
    }

    private static async Task<double> CreateRateAsync(StratusTestServer server)
    {
        const int count = 500;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            (await server.PostAsync("mutation($i: CreateNoneItemInput!) { createNoneItem(input: $i) { id _version } }", new { i = new { name = $"n{i}" } })).Ok();
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> HotItemRateAsync(StratusTestServer server, string model)
    {
        var id = (await server.PostAsync($"mutation {{ create{model}(input: {{name: \"hot\"}}) {{ id }} }}")).Ok().Data($"create{model}")!["id"]!.GetValue<string>();
        var accepted = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            while (clock.Elapsed < Duration)
            {
                var version = (await server.PostAsync($"query {{ get{model}(id: \"{id}\") {{ _version }} }}")).Ok().Data($"get{model}")!["_version"]!.GetValue<long>();
                var response = await server.PostAsync($"mutation {{ update{model}(input: {{id: \"{id}\", name: \"c{c}\", _version: {version}}}) {{ _version }} }}");
                if (response.Errors.Count == 0)
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        })));
        return accepted / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> DistinctItemsRateAsync(StratusTestServer server, string model, IReadOnlyList<string> ids)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        var accepted = 0;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            int index;
            while (clock.Elapsed < Duration && (index = Interlocked.Increment(ref next)) < ids.Count)
            {
                (await server.PostAsync($"mutation {{ update{model}(input: {{id: \"{ids[index]}\", name: \"u\", _version: 1}}) {{ _version }} }}")).Ok();
                Interlocked.Increment(ref accepted);
            }
        })));
        return accepted / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Seeds version-1 items straight into the table: the benchmark measures updates, not seeding.</summary>
    private static async Task<List<string>> SeedAsync(StratusTestServer server, string model)
    {
        var factory = server.Services.GetRequiredService<IDbContextFactory<StratusDbContext>>();
        await using var context = await factory.CreateDbContextAsync();
        var ids = Enumerable.Range(0, DistinctItems).Select(_ => Guid.NewGuid().ToString()).ToList();
        var now = server.Time.GetUtcNow();
        context.Items.AddRange(ids.Select(id => new ItemRecord
        {
            Model = model,
            Pk = id,
            Data = new JsonObject { ["id"] = id, ["name"] = "seed", ["createdAt"] = "2026-01-01T00:00:00.000Z", ["updatedAt"] = "2026-01-01T00:00:00.000Z" }.ToJsonString(),
            Version = 1,
            LastChangedAt = now.ToUnixTimeMilliseconds(),
        }));
        await context.SaveChangesAsync();
        return ids;
    }
}
