using System.Diagnostics;
using System.Net.WebSockets;
using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Benchmarks;

/// <summary>
/// Fan-out latency: 1,000 subscriptions (over 10 WebSocket connections on loopback) to onCreateTodo; for each
/// mutation, the time from its HTTP response to each subscription's <c>data</c> frame, as p50/p99. The reference
/// is the mutation's own round trip in the same run.
/// </summary>
internal static class FanOutBenchmark
{
    private const int Connections = 10;
    private const int SubscriptionsPerConnection = 100;
    private const int Mutations = 20;
    private const int WarmUpMutations = 100;

    public static async Task<List<BenchmarkResult>> MeasureAsync(string provider, string database, SubscriptionBusKind bus)
    {
        await using var server = await StratusTestServer.StartAsync(database, SchemaLoader.SamplePath, o =>
        {
            o.SubscriptionBus = bus;
            o.MaxSubscriptionsPerConnection = SubscriptionsPerConnection;
        });
        var sockets = new List<ClientWebSocket>();
        try
        {
            for (var c = 0; c < Connections; c++)
            {
                sockets.Add(await BenchmarkSockets.OpenAsync(server.Client.BaseAddress!, StratusTestServer.ApiKey, "subscription { onCreateTodo { id name _version } }", SubscriptionsPerConnection));
            }

            var clock = Stopwatch.StartNew();
            var received = new List<double>[Mutations];
            for (var m = 0; m < Mutations; m++)
            {
                received[m] = [];
            }

            var readers = sockets.Select(socket => Task.Run(() => ReadAsync(socket, clock, received))).ToList();

            // Warm up until the JIT has optimized the event path (tiered compilation); these events are not counted.
            for (var w = 0; w < WarmUpMutations; w++)
            {
                (await server.PostAsync("mutation($n: String!) { createTodo(input: {name: $n}) { id } }", new { n = "warm-up" })).Ok();
                await Task.Delay(20);
            }

            await Task.Delay(1000);
            var responded = new double[Mutations];
            var roundTrips = new List<double>();
            for (var m = 0; m < Mutations; m++)
            {
                var sent = clock.Elapsed.TotalMilliseconds;
                (await server.PostAsync("mutation($n: String!) { createTodo(input: {name: $n}) { id } }", new { n = m.ToString(System.Globalization.CultureInfo.InvariantCulture) })).Ok();
                responded[m] = clock.Elapsed.TotalMilliseconds;
                roundTrips.Add(responded[m] - sent);
                await Task.Delay(50);
            }

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (received.Sum(r => { lock (r) { return r.Count; } }) < Mutations * Connections * SubscriptionsPerConnection && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            var latencies = received.SelectMany((r, m) => { lock (r) { return r.Select(t => t - responded[m]).ToList(); } }).Order().ToList();
            var expected = Mutations * Connections * SubscriptionsPerConnection;
            if (latencies.Count < expected)
            {
                Console.WriteLine($"{provider} {bus}: only {latencies.Count} of {expected} data frames arrived");
            }

            var roundTrip = roundTrips.Order().ElementAt(roundTrips.Count / 2);
            return
            [
                new(provider, $"fan-out p50 ms, {bus} (vs mutation ms)", Percentile(latencies, 0.50), roundTrip),
                new(provider, $"fan-out p99 ms, {bus} (vs mutation ms)", Percentile(latencies, 0.99), roundTrip),
            ];
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Abort();
                socket.Dispose();
            }
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static async Task ReadAsync(ClientWebSocket socket, Stopwatch clock, List<double>[] received)
    {
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var text = await BenchmarkSockets.ReceiveAsync(socket);
                var at = clock.Elapsed.TotalMilliseconds;

                // Read the mutation's number without parsing the whole frame: the client's cost is not the server's.
                const string name = "\"name\":\"";
                var start = text.IndexOf(name, StringComparison.Ordinal) + name.Length;
                if (text.Contains("\"type\":\"data\"", StringComparison.Ordinal)
                    && int.TryParse(text.AsSpan(start, text.IndexOf('"', start) - start), System.Globalization.CultureInfo.InvariantCulture, out var m))
                {
                    lock (received[m])
                    {
                        received[m].Add(at);
                    }
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
