using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.Infrastructure.AmplifyJs;

namespace Stratus.Benchmarks;

/// <summary>
/// What users compare us by: a base sync of the same records from one server into an empty .NET DataStore (SQLite)
/// and into an empty amplify-js DataStore (aws-amplify 6 under Node 20, IndexedDB from fake-indexeddb), in the same
/// run; records per second for each, amplify-js as the reference (the goal is ≥ 10×). Neither client keeps a
/// real-time connection; both page 1,000 records at a time with no record limit. The server is warmed up first (its
/// pages served for a while, as a server in use has), then both clients are measured alike: syncs for a warm-up
/// time, then the median of the syncs made over at least 5 s (three at least), each into the same store in the same
/// process, emptied outside the clock (.NET's ClearAsync; amplify-js's DataStore.clear() and start again), the clock
/// running from the start of the sync to its end; then each store must hold every record. Beside it, each client's
/// first sync in a new process (the median of three processes), timed alike from the client's setup (.NET: the store
/// made and opened; amplify-js: configure and start): what an app meets on its first start, for .NET also with the
/// app published ReadyToRun.
/// </summary>
internal static class ClientSyncBenchmark
{
    internal const int MeasuredRuns = 3;

    /// <summary>
    /// The middle one of <paramref name="rates"/>; of an even count, the higher of the two in the middle (a rate that
    /// was measured, not a mean of two).
    /// </summary>
    internal static double Median(IEnumerable<double> rates)
    {
        var sorted = rates.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>
    /// How long each side syncs before it is measured (one run at least), as the server benchmarks warm: a new
    /// process runs well below its settled speed for its first seconds.
    /// </summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    /// <summary>How long each side's measured runs last at least (three runs at least).</summary>
    private static readonly TimeSpan Measuring = TimeSpan.FromSeconds(5);

    private static readonly string SchemaFile = Path.Combine(AppContext.BaseDirectory, "DataStoreSchema.graphql");

    public static async Task<List<BenchmarkResult>> MeasureAsync(IReadOnlyList<int> sizes)
    {
        var results = new List<BenchmarkResult>();
        var published = Directory.CreateTempSubdirectory("stratus-bench-r2r-").FullName;
        try
        {
            // Before any server runs: publishing rebuilds what is out of date.
            var readyToRun = await FirstSyncProcesses.PublishReadyToRunAsync(published);
            foreach (var records in sizes)
            {
                await using var server = await ServerProcess.StartAsync(SchemaFile);
                await SeedAsync(server, records);
                // A server in use has compiled its sync path long before: both clients meet it warm.
                var (served, _) = await MedianAsync($"pages served, {records:N0} records", () => ServedRateAsync(server, records));
                var dotnetFirst = await FirstSyncProcesses.MedianAsync($".NET first start, {records:N0} records", () => FirstSyncProcesses.RunAsync(typeof(ClientSyncBenchmark).Assembly.Location, server.Endpoint, records));
                var dotnetReadyToRun = await FirstSyncProcesses.MedianAsync($".NET first start published ReadyToRun, {records:N0} records", () => FirstSyncProcesses.RunAsync(readyToRun, server.Endpoint, records));
                var (dotnet, _) = await DotNetMedianAsync(server.Endpoint, records);
                var (js, jsFirst) = await AmplifyJsRateAsync(server, records);
                results.Add(new("base sync: .NET vs amplify-js", $"{records:N0} records into an empty store", dotnet, js));
                // What an app meets at its first start: a new process's client set up and synced, for each client.
                results.Add(new("first start (made, opened, synced): .NET vs amplify-js", $"{records:N0} records", dotnetFirst, jsFirst));
                results.Add(new("first start, app published ReadyToRun: .NET vs amplify-js", $"{records:N0} records", dotnetReadyToRun, jsFirst));
                // The most any client can reach from this server on this machine: its pages read and thrown away.
                results.Add(new("base sync: pages served vs amplify-js", $"{records:N0} records, the server's ceiling", served, js));
            }
        }
        finally
        {
            Directory.Delete(published, recursive: true);
        }

        return results;
    }

    /// <summary>The median warm rate of one .NET DataStore, kept open from sync to sync as an app keeps it.</summary>
    private static async Task<(double Median, double First)> DotNetMedianAsync(Uri endpoint, int records)
    {
        await using var store = await ClientStore.OpenAsync(endpoint);
        var first = true;
        return await MedianAsync($".NET, {records:N0} records", async () =>
        {
            if (!first)
            {
                // Emptied outside the clock, as amplify-js is with DataStore.clear().
                await store.Store.ClearAsync();
            }

            first = false;
            return await store.SyncRateAsync(records);
        });
    }

    /// <summary>
    /// The median warm rate of one amplify-js DataStore, and the median of its first syncs: its warm-up's first and
    /// two more, each in a new Node process.
    /// </summary>
    private static async Task<(double Median, double First)> AmplifyJsRateAsync(ServerProcess server, int records)
    {
        var directory = Directory.CreateTempSubdirectory("stratus-bench-js-").FullName;
        try
        {
            var (code, introspection, error) = await StratusProcess.RunAsync(directory, "schema", "introspection", "--schema", SchemaFile);
            if (code != 0)
            {
                throw new InvalidOperationException("stratus schema introspection failed: " + error);
            }

            var file = Path.Combine(directory, "model-introspection.json");
            await File.WriteAllTextAsync(file, introspection);
            var target = new AmplifyJsTarget(server.Endpoint, ServerProcess.ApiKey, file, null);
            var firsts = new List<double>();
            double median;
            await using (var js = await AmplifyJsClient.CreateAsync(target))
            {
                var first = true;
                (median, var warmUpFirst) = await MedianAsync($"amplify-js, {records:N0} records", async () =>
                {
                    if (!first)
                    {
                        await js.ClearAsync();
                    }

                    var rate = await JsSyncAsync(js, records, first);
                    first = false;
                    return rate;
                });
                firsts.Add(warmUpFirst);
            }

            while (firsts.Count < MeasuredRuns)
            {
                await using var fresh = await AmplifyJsClient.CreateAsync(target);
                firsts.Add(await JsSyncAsync(fresh, records, first: true));
            }

            Console.WriteLine($"  amplify-js first start, {records:N0} records: {string.Join(", ", firsts.Select(r => $"{r:N0}/s"))}");
            return (median, Median(firsts));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>One base sync into an empty amplify-js store: its first start, or a start again after a clear.</summary>
    private static async Task<double> JsSyncAsync(AmplifyJsClient js, int records, bool first)
    {
        var clock = Stopwatch.StartNew();
        await (first ? js.BaseSyncAsync(records) : js.ResyncAsync());
        var rate = records / clock.Elapsed.TotalSeconds;
        var held = await js.CountAsync();
        return held == records ? rate : throw new InvalidOperationException($"amplify-js holds {held:N0} records, not {records:N0}.");
    }

    /// <summary>
    /// The median rate of the runs made after warming up in the same process, at least <see cref="MeasuredRuns"/> and
    /// for at least <see cref="Measuring"/>: warming runs for at least <see cref="WarmUp"/> (both runtimes compile
    /// their hot code as it runs, in tiers), and a run moves with the machine's load, the more the shorter it is, so
    /// a side whose syncs are short makes more of them; gives the first warm-up run's rate too, the first of its process.
    /// </summary>
    private static async Task<(double Median, double First)> MedianAsync(string what, Func<Task<double>> run)
    {
        var warmUps = new List<double>();
        var warming = Stopwatch.StartNew();
        do
        {
            warmUps.Add(await run());
        }
        while (warming.Elapsed < WarmUp);

        var rates = new List<double>();
        var measuring = Stopwatch.StartNew();
        while (rates.Count < MeasuredRuns || measuring.Elapsed < Measuring)
        {
            rates.Add(await run());
        }

        Console.WriteLine($"  {what}: {warmUps.Count} warm-up runs ({warmUps[0]:N0}/s first, {warmUps[^1]:N0}/s last), then {rates.Count} runs: median {Median(rates):N0}/s, {rates.Min():N0}/s to {rates.Max():N0}/s");
        return (Median(rates), warmUps[0]);
    }

    /// <summary>
    /// The same pages the .NET client asks for (its own sync document, 1,000 a page), read over HTTP and only
    /// counted: how fast the server hands a base sync out, with no client storing anything.
    /// </summary>
    private static async Task<double> ServedRateAsync(ServerProcess server, int records)
    {
        var schema = Stratus.Schema.Parsing.SchemaParser.Parse(await File.ReadAllTextAsync(SchemaFile));
        var document = Stratus.Schema.AppSync.ClientDocuments.Sync(schema, schema.Models.Single(m => m.Name == "Item"));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("x-api-key", ServerProcess.ApiKey);
        var clock = Stopwatch.StartNew();
        var held = 0;
        string? nextToken = null;
        do
        {
            using var response = await http.PostAsJsonAsync(server.Endpoint, new { query = document, variables = new { limit = 1000, nextToken, lastSync = 0 } });
            await using var body = await response.Content.ReadAsStreamAsync();
            using var json = await System.Text.Json.JsonDocument.ParseAsync(body);
            var page = json.RootElement.GetProperty("data").GetProperty("syncItems");
            held += page.GetProperty("items").GetArrayLength();
            nextToken = page.GetProperty("nextToken").ValueKind == System.Text.Json.JsonValueKind.String ? page.GetProperty("nextToken").GetString() : null;
        }
        while (nextToken is not null);
        var rate = held / clock.Elapsed.TotalSeconds;
        return held == records ? rate : throw new InvalidOperationException($"The server served {held:N0} records, not {records:N0}.");
    }

    /// <summary>Creates the records on the server, 8 requests at a time.</summary>
    private static async Task SeedAsync(ServerProcess server, int count)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await server.PostAsync("mutation($i: CreateItemInput!) { createItem(input: $i) { id } }", new { i = new { category = "c" + (i % 100), score = i, label = $"item {i}" } });
            }
        }));
    }
}
