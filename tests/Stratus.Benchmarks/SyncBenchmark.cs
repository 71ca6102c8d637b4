using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stratus.Benchmarks.Models;
using Stratus.DataStore;
using Stratus.DataStore.Api;
using Stratus.DataStore.Configuration;
using Stratus.DataStore.Storage;
using Stratus.Schema.AppSync;
using Stratus.Schema.Parsing;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Benchmarks;

/// <summary>
/// The client's sync engine against a Stratus server in its own process (SQLite, so this process's memory is the
/// client's alone), each figure beside a reference from the
/// same run: a base sync of <c>records</c> items into an empty client against the same pages fetched over HTTP and
/// inserted with plain EF Core (the same rows: record and metadata); how much the process's working set grows during
/// that sync against the 200 MB target; a delta sync of 10 changes on that model against the same on a 1,000-item model; and
/// an outbox push of 10,000 queued saves against the same mutations posted directly.
/// </summary>
internal static class SyncBenchmark
{
    private static readonly string SchemaFile = Path.Combine(AppContext.BaseDirectory, "DataStoreSchema.graphql");
    private const int Pushed = 10_000;
    private const int Changes = 10;

    public static async Task<List<BenchmarkResult>> MeasureAsync(int records)
    {
        const string Provider = "StratusDataStore sync";
        var results = new List<BenchmarkResult>();
        await using var big = await ServerProcess.StartAsync(SchemaFile);

        // The push: 10,000 saves queued offline, then sent; against the same creates posted one by one.
        var seeder = Client(big);
        await seeder.SaveAllAsync(Enumerable.Range(0, Pushed).Select(NewItem));
        var clock = Stopwatch.StartNew();
        await seeder.SyncAsync();
        var pushRate = Pushed / clock.Elapsed.TotalSeconds;
        await seeder.DisposeAsync();
        clock.Restart();
        await SeedAsync(big, Pushed, records - Pushed, concurrency: 1);
        var postRate = Math.Max(records - Pushed, 1) / clock.Elapsed.TotalSeconds;
        results.Add(new(Provider, $"outbox push of {Pushed:N0} saves vs direct creates", pushRate, postRate));

        // The base sync, and the process's peak working set while it runs.
        var fresh = Client(big);
        var liveBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var peak = new PeakWorkingSet();
        clock.Restart();
        var summary = await fresh.SyncAsync();
        var syncRate = summary.Pulled["Item"] / clock.Elapsed.TotalSeconds;
        var peakMb = peak.Stop() / (1024.0 * 1024.0);
        var beforeMb = peak.Before / (1024.0 * 1024.0);
        var liveGrowthMb = (GC.GetTotalMemory(forceFullCollection: true) - liveBefore) / (1024.0 * 1024.0);
        var rawRate = await RawBaseSyncRateAsync(big);
        results.Add(new(Provider, $"base sync of {summary.Pulled["Item"]:N0} records vs HTTP + EF", syncRate, rawRate));
        // The process already holds the pushes and seeding before it; what the sync itself takes is the growth.
        results.Add(new(Provider, $"working set growth MB (peak {peakMb:F0}, live heap {liveGrowthMb:+0;-0} after) vs 200", peakMb - beforeMb, 200));

        // The delta sync: 10 changes on the big model against the same on a small one.
        await using var small = await ServerProcess.StartAsync(SchemaFile);
        await SeedAsync(small, 0, 1_000, concurrency: 4);
        var smallClient = Client(small);
        await smallClient.SyncAsync();
        var bigDelta = await DeltaRateAsync(big, fresh);
        var smallDelta = await DeltaRateAsync(small, smallClient);
        results.Add(new(Provider, $"delta sync of {Changes} changes, {summary.Pulled["Item"]:N0} vs 1,000 rows", bigDelta, smallDelta));
        await fresh.DisposeAsync();
        await smallClient.DisposeAsync();
        return results;
    }

    private static StratusDataStore Client(ServerProcess server) => new(new DataStoreOptions
    {
        Models = new StratusModels(),
        ConnectionString = SqliteFiles.New(),
        AppSync = new AppSyncSettings(server.Endpoint, AuthMode.ApiKey, ServerProcess.ApiKey),
        MaxRecordsToSync = int.MaxValue,
        DisableSubscriptions = true,
    });

    private static Item NewItem(int i) => new() { Category = "c" + (i % 100), Score = i, Label = $"item {i}" };

    /// <summary>Creates items on the server by posting createItem, <paramref name="concurrency"/> at a time.</summary>
    private static async Task SeedAsync(ServerProcess server, int from, int count, int concurrency)
    {
        var next = from - 1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < from + count)
            {
                var item = NewItem(i);
                await server.PostAsync("mutation($i: CreateItemInput!) { createItem(input: $i) { id } }", new { i = new { category = item.Category, score = item.Score, label = item.Label } });
            }
        }));
    }

    /// <summary>Seconds per delta sync of 10 server-side changes, as a rate (median of 5).</summary>
    private static async Task<double> DeltaRateAsync(ServerProcess server, StratusDataStore client)
    {
        var times = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            await SeedAsync(server, 1_000_000 + (run * Changes), Changes, concurrency: 1);
            var clock = Stopwatch.StartNew();
            var summary = await client.SyncAsync();
            times.Add(clock.Elapsed.TotalSeconds);
            if (summary.Pulled["Item"] != Changes)
            {
                throw new InvalidOperationException($"A delta sync brought {summary.Pulled["Item"]} records, not {Changes}.");
            }
        }

        return 1 / times.Order().ElementAt(times.Count / 2);
    }

    /// <summary>The reference: the same sync pages over HTTP, each inserted (record and metadata rows) with plain EF Core in one transaction.</summary>
    private static async Task<double> RawBaseSyncRateAsync(ServerProcess server)
    {
        await using var target = new StratusDataStore(new DataStoreOptions { Models = new StratusModels(), ConnectionString = SqliteFiles.New() });
        await target.CountAsync<Item>();
        var schema = SchemaParser.Parse(await File.ReadAllTextAsync(SchemaFile));
        var query = ClientDocuments.Sync(schema, schema.GetModel("Item"));
        var http = server.Http;
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var records = 0;
        string? token = null;
        var clock = Stopwatch.StartNew();
        do
        {
            using var response = await http.PostAsJsonAsync(server.Endpoint, new { query, variables = new { limit = 1000, nextToken = token, lastSync = 0, filter = (object?)null } });
            var page = (await response.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["syncItems"]!;
            var items = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            await using (var db = target.NewContext())
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                db.AddRange(items.Select(i => i.Deserialize<Item>(options)!));
                db.Metadata.AddRange(items.Select(i => new RecordMetadata { ModelName = "Item", ModelId = i["id"]!.GetValue<string>(), Version = i[SyncFields.Version]!.GetValue<long>(), LastChangedAt = i[SyncFields.LastChangedAt]!.GetValue<long>() }));
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            }

            records += items.Count;
            token = page["nextToken"]?.GetValue<string>();
        }
        while (token is not null);

        return records / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Samples the process's working set every 20 ms until stopped; the largest sample.</summary>
    private sealed class PeakWorkingSet : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _sampler;

        public PeakWorkingSet()
        {
            using (var current = Process.GetCurrentProcess())
            {
                Before = current.WorkingSet64;
            }

            _sampler = Task.Run(SampleAsync);
        }

        /// <summary>The working set when sampling began.</summary>
        public long Before { get; }

        private async Task<long> SampleAsync()
        {
            long peak = 0;
            using var process = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                try
                {
                    await Task.Delay(20, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }

            return peak;
        }

        public long Stop()
        {
            _stop.Cancel();
            return _sampler.GetAwaiter().GetResult();
        }

        public void Dispose() => _stop.Dispose();
    }
}
