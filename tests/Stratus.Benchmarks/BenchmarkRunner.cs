using System.Diagnostics;
using System.Globalization;
using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Benchmarks;

/// <summary>
/// Runs the benchmarks, each against a reference measured in the same run (for the server, the raw endpoint of
/// <see cref="ThroughputBenchmark"/> on the same database).
/// Figures are printed as a table; the ratios are what to compare between runs and machines.
/// </summary>
internal static class BenchmarkRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        // "datastore [rows]" measures the client StratusDataStore alone.
        if (args is ["datastore", ..])
        {
            Print(await DataStoreBenchmark.MeasureAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000));
            return 0;
        }

        // "clients [records...]": base sync into the .NET and the amplify-js DataStore from one server.
        if (args is ["clients", ..])
        {
            Print(await ClientSyncBenchmark.MeasureAsync(args.Length > 1 ? args[1..].Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList() : [10_000, 100_000]));
            return 0;
        }

        // "clients-first-sync endpoint records": a new store made, opened and synced in this new process (started by
        // "clients"); prints its rate.
        if (args is ["clients-first-sync", var endpoint, var records])
        {
            Console.WriteLine((await ClientStore.FirstStartRateAsync(new Uri(endpoint), int.Parse(records, CultureInfo.InvariantCulture))).ToString("R", CultureInfo.InvariantCulture));
            return 0;
        }

        // "sync [records]" measures the client's sync engine against an in-process server.
        if (args is ["sync", ..])
        {
            Print(await SyncBenchmark.MeasureAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000));
            return 0;
        }

        // "realtime-load [connections] [seconds] [rate]" holds many real-time connections under a write stream.
        if (args is ["realtime-load", ..])
        {
            int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
            Print(await RealtimeLoadBenchmark.MeasureAsync(Arg(1, 5_000), Arg(2, 60), Arg(3, 200)));
            return 0;
        }

        // "fanout [postgres]" measures real-time fan-out to 1,000 subscriptions with the in-memory bus (or the PostgreSQL one).
        if (args is ["fanout", ..])
        {
            if (args is [_, "postgres"])
            {
                await using var postgres = await PostgresServer.StartAsync();
                Print(await FanOutBenchmark.MeasureAsync($"PostgreSQL ({postgres.Source})", await postgres.CreateDatabaseAsync(), SubscriptionBusKind.Postgres));
            }
            else
            {
                Print(await FanOutBenchmark.MeasureAsync("SQLite", SqliteFiles.New(), SubscriptionBusKind.InMemory));
            }

            return 0;
        }

        // "server [creates] [sqlite|postgres]" measures the server's throughput against the raw reference.
        if (args is ["server", ..])
        {
            var creates = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4000;
            var only = args.Length > 2 ? args[2].ToLowerInvariant() : null;
            var server = only is null or "sqlite"
                ? await ThroughputBenchmark.MeasureAsync("SQLite", () => Task.FromResult(SqliteFiles.New()), creates, scaling: false)
                : [];
            if (only is null or "postgres")
            {
                await using var postgres = await PostgresServer.StartAsync();
                server.AddRange(await ThroughputBenchmark.MeasureAsync($"PostgreSQL ({postgres.Source})", postgres.CreateDatabaseAsync, creates, scaling: true));
            }

            Print(server);
            return 0;
        }

        var rows = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 4000;
        var results = new List<BenchmarkResult>();
        results.AddRange(await DataStoreBenchmark.MeasureAsync(args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var local) ? local : 100_000));
        results.AddRange(await SyncBenchmark.MeasureAsync(args.Length > 2 && int.TryParse(args[2], CultureInfo.InvariantCulture, out var synced) ? synced : 100_000));
        results.AddRange(await ThroughputBenchmark.MeasureAsync("SQLite", () => Task.FromResult(SqliteFiles.New()), rows, scaling: false));
        results.AddRange(await ConflictBenchmark.MeasureAsync("SQLite", SqliteFiles.New()));
        results.AddRange(await FanOutBenchmark.MeasureAsync("SQLite", SqliteFiles.New(), SubscriptionBusKind.InMemory));
        await using (var postgres = await PostgresServer.StartAsync())
        {
            var name = $"PostgreSQL ({postgres.Source})";
            results.AddRange(await ThroughputBenchmark.MeasureAsync(name, postgres.CreateDatabaseAsync, rows, scaling: true));
            results.AddRange(await ConflictBenchmark.MeasureAsync(name, await postgres.CreateDatabaseAsync()));
            results.AddRange(await FanOutBenchmark.MeasureAsync(name, await postgres.CreateDatabaseAsync(), SubscriptionBusKind.Postgres));
        }

        Print(results);
        return 0;
    }

    private static void Print(List<BenchmarkResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"{"provider",-28} {"measure",-48} {"per second",12} {"reference/s",12} {"ratio",8}");
        foreach (var r in results)
        {
            Console.WriteLine($"{r.Provider,-28} {r.Measure,-48} {r.PerSecond,12:F0} {r.ReferencePerSecond,12:F0} {r.PerSecond / r.ReferencePerSecond,8:F3}");
        }

        Console.WriteLine();
        Console.WriteLine("References: plain EF Core on the same database (StratusDataStore rows), a raw ADO.NET endpoint writing and paging the same rows (create, sync),");
        Console.WriteLine("the rate at 1 connection (creates of one model, and of the raw endpoint), the uncontended createNoneItem rate (updates), the same sync pages over HTTP inserted with EF Core (base sync),");
        Console.WriteLine("direct createItem posts (outbox push), the 1,000-row model (delta sync), 200 MB (peak memory, in MB),");
        Console.WriteLine("and the median mutation round trip (fan-out latency; that row's 'per second' columns are milliseconds).");
    }
}
