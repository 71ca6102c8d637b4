using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Stratus.Server.Hosting;

namespace Stratus.Benchmarks;

/// <summary>
/// Real-time load against a <c>stratus</c> process on loopback: <c>connections</c> WebSocket connections with one
/// onCreateTodo subscription each, then a stream of <c>rate</c> createTodo mutations a second for <c>seconds</c>.
/// Reports the events delivered against those expected, the p99 delay from a mutation being sent to its event
/// arriving against the median mutation round trip, and the server's working set per connection.
/// </summary>
internal static class RealtimeLoadBenchmark
{
    private const int Writers = 16;

    public static async Task<List<BenchmarkResult>> MeasureAsync(int connections, int seconds, int rate)
    {
        const string Provider = "real-time load (SQLite)";
        await using var server = await ServerProcess.StartAsync(SchemaLoader.SamplePath);
        var idle = server.WorkingSet;
        var sockets = new List<ClientWebSocket>(connections);
        try
        {
            foreach (var batch in Enumerable.Range(0, connections).Chunk(100))
            {
                sockets.AddRange(await Task.WhenAll(batch.Select(_ => BenchmarkSockets.OpenAsync(server.Endpoint, ServerProcess.ApiKey, "subscription { onCreateTodo { id name } }", 1))));
            }

            var perConnectionKb = (server.WorkingSet - idle) / 1024.0 / connections;
            var clock = Stopwatch.StartNew();
            var total = seconds * rate;
            var sentAt = new double[total];
            var latencies = new ConcurrentBag<double>();
            var delivered = 0;
            var readers = sockets.Select(socket => Task.Run(() => ReadAsync(socket, clock, sentAt, latencies, () => Interlocked.Increment(ref delivered)))).ToList();

            var roundTrips = new ConcurrentBag<double>();
            using var inFlight = new SemaphoreSlim(Writers);
            var writes = new List<Task>(total);
            for (var i = 0; i < total; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }

                await inFlight.WaitAsync();
                var index = i;
                writes.Add(Task.Run(async () =>
                {
                    try
                    {
                        sentAt[index] = clock.Elapsed.TotalMilliseconds;
                        await server.PostAsync("mutation($n: String!) { createTodo(input: {name: $n}) { id } }", new { n = index.ToString(CultureInfo.InvariantCulture) });
                        roundTrips.Add(clock.Elapsed.TotalMilliseconds - sentAt[index]);
                    }
                    finally
                    {
                        inFlight.Release();
                    }
                }));
            }

            await Task.WhenAll(writes);
            var expected = (long)total * connections;
            var deadline = clock.Elapsed + TimeSpan.FromSeconds(60);
            while (Volatile.Read(ref delivered) < expected && clock.Elapsed < deadline)
            {
                await Task.Delay(100);
            }

            var sorted = latencies.Order().ToList();
            var p99 = sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(0.99 * sorted.Count))];
            var medianTrip = roundTrips.Order().ElementAt(roundTrips.Count / 2);
            return
            [
                new(Provider, $"events delivered to {connections:N0} connections vs expected", Volatile.Read(ref delivered), expected),
                new(Provider, $"p99 event delay ms at {rate}/s for {seconds} s (vs mutation ms)", p99, medianTrip),
                new(Provider, "server working set KB per connection (vs 64 KB)", perConnectionKb, 64),
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

    private static async Task ReadAsync(ClientWebSocket socket, Stopwatch clock, double[] sentAt, ConcurrentBag<double> latencies, Action counted)
    {
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var text = await BenchmarkSockets.ReceiveAsync(socket);
                var at = clock.Elapsed.TotalMilliseconds;
                if (JsonNode.Parse(text)?["payload"]?["data"]?["onCreateTodo"]?["name"]?.GetValue<string>() is { } name)
                {
                    latencies.Add(at - sentAt[int.Parse(name, CultureInfo.InvariantCulture)]);
                    counted();
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
