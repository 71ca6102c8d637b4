using System.Diagnostics;
using System.Globalization;
using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Benchmarks;

/// <summary>
/// Throughput of the server against a reference measured in the same run on the same database: create mutations
/// over HTTP on loopback vs raw single-row inserts of the same rows, and base sync pages per second.
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

        // "fanout" measures real-time fan-out to 1,000 subscriptions with the in-memory bus.
        if (args is ["fanout", ..])
        {
            Print(await FanOutBenchmark.MeasureAsync("SQLite", SqliteFiles.New(), SubscriptionBusKind.InMemory));
            return 0;
        }

        // "server [rows]" measures the server's creates and sync pages on SQLite alone.
        if (args is ["server", ..])
        {
            Print(await MeasureAsync("SQLite", () => Task.FromResult(SqliteFiles.New()), args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000));
            return 0;
        }

        var rows = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 2000;
        var results = new List<BenchmarkResult>();
        results.AddRange(await DataStoreBenchmark.MeasureAsync(args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var local) ? local : 100_000));
        results.AddRange(await SyncBenchmark.MeasureAsync(args.Length > 2 && int.TryParse(args[2], CultureInfo.InvariantCulture, out var synced) ? synced : 100_000));
        results.AddRange(await MeasureAsync("SQLite", () => Task.FromResult(SqliteFiles.New()), rows));
        results.AddRange(await ConflictBenchmark.MeasureAsync("SQLite", SqliteFiles.New()));
        results.AddRange(await FanOutBenchmark.MeasureAsync("SQLite", SqliteFiles.New(), SubscriptionBusKind.InMemory));
        await using (var postgres = await PostgresServer.StartAsync())
        {
            var name = $"PostgreSQL ({postgres.Source})";
            results.AddRange(await MeasureAsync(name, postgres.CreateDatabaseAsync, rows));
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
        Console.WriteLine("References: plain EF Core on the same database (StratusDataStore rows), raw single-row inserts (create, sync),");
        Console.WriteLine("the uncontended createNoneItem rate (updates), the same sync pages over HTTP inserted with EF Core (base sync),");
        Console.WriteLine("direct createItem posts (outbox push), the 1,000-row model (delta sync), 200 MB (peak memory, in MB),");
        Console.WriteLine("and the median mutation round trip (fan-out latency; that row's 'per second' columns are milliseconds).");
    }

    private static async Task<List<BenchmarkResult>> MeasureAsync(string provider, Func<Task<string>> database, int rows)
    {
        var rawRate = await RawInserts.MeasureAsync(await database(), rows);
        var schema = SchemaLoader.SamplePath;
        await using var server = await StratusTestServer.StartAsync(await database(), schema);

        // Warm up the JIT, the connection pool and the schema.
        for (var i = 0; i < 50; i++)
        {
            (await server.PostAsync("mutation($i: CreateTodoInput!) { createTodo(input: $i) { id _version } }", new { i = new { name = "warm" } })).Ok();
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rows; i++)
        {
            (await server.PostAsync(
                "mutation($i: CreateTodoInput!) { createTodo(input: $i) { id name _version _lastChangedAt _deleted } }",
                new { i = new { name = $"todo {i}", priority = i % 5, tags = new[] { "bench" } } })).Ok();
        }

        var createRate = rows / clock.Elapsed.TotalSeconds;

        var pages = 0;
        var items = 0;
        clock.Restart();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            string? token = null;
            do
            {
                var page = (await server.PostAsync(
                    "query($t: String) { syncTodos(limit: 100, lastSync: 0, nextToken: $t) { items { id name done priority tags _version _lastChangedAt _deleted } nextToken startedAt } }",
                    new { t = token })).Ok().Data("syncTodos")!;
                pages++;
                items += page["items"]!.AsArray().Count;
                token = page["nextToken"]?.GetValue<string>();
            }
            while (token is not null);
        }

        var pageRate = pages / clock.Elapsed.TotalSeconds;
        var itemRate = items / clock.Elapsed.TotalSeconds;
        return
        [
            new(provider, "createTodo over HTTP vs raw insert", createRate, rawRate),
            new(provider, "base sync items vs raw insert", itemRate, rawRate),
            new(provider, "base sync pages of 100 (per s)", pageRate, rawRate / 100),
        ];
    }

}
