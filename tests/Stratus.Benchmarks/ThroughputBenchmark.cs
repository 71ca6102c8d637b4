using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Benchmarks;

/// <summary>
/// The server's throughput under concurrent HTTP clients against <see cref="ReferenceServer"/> on the same
/// database: <c>createTodo</c> mutations against the same rows written raw, and base sync pages of 1,000 against the
/// same keyset pages served raw. With <c>scaling</c>, also creates of 10,000 distinct items of one model at 1, 4
/// and 16 connections (writers of one model must not queue behind each other), beside the raw endpoint's own gain
/// from 1 to 16 connections on a fresh database, the most this machine allows.
/// </summary>
internal static class ThroughputBenchmark
{
    public const int Connections = 16;
    private const int Rounds = 3;
    private const int PageSize = 1000;
    private const string CreateQuery = "mutation($i: CreateTodoInput!) { createTodo(input: $i) { id name _version _lastChangedAt _deleted } }";
    private const string SyncQuery = "query($limit: Int, $t: String) { syncTodos(limit: $limit, lastSync: 0, nextToken: $t) { items { id name description done priority tags createdAt updatedAt _version _lastChangedAt _deleted } nextToken startedAt } }";

    public static async Task<List<BenchmarkResult>> MeasureAsync(string provider, Func<Task<string>> database, int creates, bool scaling)
    {
        var results = new List<BenchmarkResult>();
        var connectionString = await database();
        await using (var server = await StratusTestServer.StartAsync(connectionString, SchemaLoader.SamplePath))
        await using (var reference = await ReferenceServer.StartAsync(connectionString))
        {
            using var stratus = Client(server.Client.BaseAddress!, Connections);
            using var raw = Client(reference.BaseAddress, Connections);
            // Warm both until their rates settle: in a new process, tiered compilation and a new database keep
            // the first few thousand writes at well under half speed.
            await WarmAsync(Connections, i => PostAsync(stratus, "/graphql", CreateBody(i)));
            await WarmAsync(Connections, i => PostAsync(raw, "/create", CreateBody(i)));

            // Rounds alternate between the two, so a machine that speeds up or slows down affects both alike.
            var (create, createReference) = (0.0, 0.0);
            for (var round = 0; round < Rounds; round++)
            {
                create += await RunAsync(Connections, creates / Rounds, i => PostAsync(stratus, "/graphql", CreateBody(i))) / Rounds;
                createReference += await RunAsync(Connections, creates / Rounds, i => PostAsync(raw, "/create", CreateBody(i))) / Rounds;
            }

            results.Add(new(provider, $"createTodo, {Connections} connections, vs raw", create, createReference));

            await SyncRateAsync(stratus, "/graphql", TimeSpan.FromSeconds(3));
            await SyncRateAsync(raw, "/sync", TimeSpan.FromSeconds(3));
            var (sync, syncReference) = (0.0, 0.0);
            for (var round = 0; round < Rounds; round++)
            {
                sync += await SyncRateAsync(stratus, "/graphql", TimeSpan.FromSeconds(2)) / Rounds;
                syncReference += await SyncRateAsync(raw, "/sync", TimeSpan.FromSeconds(2)) / Rounds;
            }

            results.Add(new(provider, $"base sync items (pages of {PageSize}) vs raw", sync, syncReference));
        }

        if (scaling)
        {
            // The raw endpoint's own scaling on a fresh database is the machine's: what 16 writers can gain over one
            // when the cores, not the code, are the limit.
            var rates = new Dictionary<int, double>();
            var rawRates = new Dictionary<int, double>();
            foreach (var connections in new[] { 1, 4, 16 })
            {
                var fresh = await database();
                await using var server = await StratusTestServer.StartAsync(fresh, SchemaLoader.SamplePath);
                using var client = Client(server.Client.BaseAddress!, connections);
                await WarmAsync(connections, i => PostAsync(client, "/graphql", CreateBody(i)));
                rates[connections] = await RunAsync(connections, 10_000, i => PostAsync(client, "/graphql", CreateBody(i)));
                if (connections != 4)
                {
                    await using var reference = await ReferenceServer.StartAsync(fresh);
                    using var raw = Client(reference.BaseAddress, connections);
                    await WarmAsync(connections, i => PostAsync(raw, "/create", CreateBody(i)));
                    rawRates[connections] = await RunAsync(connections, 10_000, i => PostAsync(raw, "/create", CreateBody(i)));
                }
            }

            results.Add(new(provider, "creates of one model, 4 vs 1 connection", rates[4], rates[1]));
            results.Add(new(provider, "creates of one model, 16 vs 1 connection", rates[16], rates[1]));
            results.Add(new(provider, "raw endpoint creates, 16 vs 1 connection", rawRates[16], rawRates[1]));
        }

        return results;
    }

    private static HttpClient Client(Uri address, int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = address };
        client.DefaultRequestHeaders.Add("x-api-key", StratusTestServer.ApiKey);
        return client;
    }

    private static string CreateBody(int i) => JsonSerializer.Serialize(new
    {
        query = CreateQuery,
        variables = new { i = new { name = $"todo {i}", description = "a benchmark item", done = false, priority = i % 5, tags = new[] { "bench", "load" } } },
    });

    /// <summary>Rounds of 1,000 requests from that many callers for at least 10 s, until two in a row agree within 5 % (at most 30 s).</summary>
    private static async Task WarmAsync(int connections, Func<int, Task> request)
    {
        var clock = Stopwatch.StartNew();
        var previous = await RunAsync(connections, 1000, request);
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var rate = await RunAsync(connections, 1000, request);
            if (clock.Elapsed > TimeSpan.FromSeconds(10) && Math.Abs(rate - previous) <= 0.05 * previous)
            {
                return;
            }

            previous = rate;
        }
    }

    /// <summary>Runs <paramref name="total"/> requests from that many concurrent callers; returns requests per second.</summary>
    private static async Task<double> RunAsync(int connections, int total, Func<int, Task> request)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < total; i = Interlocked.Increment(ref next))
            {
                await request(i);
            }
        })));
        return total / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Every caller walks all the pages, again and again, for <paramref name="duration"/>; returns items per second.</summary>
    private static async Task<double> SyncRateAsync(HttpClient client, string path, TimeSpan duration)
    {
        long items = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                string? token = null;
                do
                {
                    using var page = JsonDocument.Parse(await PostAsync(client, path, JsonSerializer.Serialize(new { query = SyncQuery, variables = new { limit = PageSize, t = token } })));
                    var connection = page.RootElement.GetProperty("data").GetProperty("syncTodos");
                    Interlocked.Add(ref items, connection.GetProperty("items").GetArrayLength());
                    token = connection.GetProperty("nextToken").GetString();
                }
                while (token is not null);
            }
        })));
        return items / clock.Elapsed.TotalSeconds;
    }

    private static async Task<byte[]> PostAsync(HttpClient client, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await client.PostAsync(path, content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode || bytes.AsSpan().IndexOf("\"errors\""u8) >= 0)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        }

        return bytes;
    }
}
