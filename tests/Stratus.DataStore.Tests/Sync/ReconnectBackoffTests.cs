using Stratus.DataStore.Events;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>
/// The live engine on a fake clock: while the server cannot be reached it probes again after delays that double
/// from <c>ReconnectBaseDelay</c> (100 ms here) to <c>MaxReconnectDelay</c> (400 ms), each ±20 %, and nothing is
/// sent until that time has passed; when the server answers again the queued change goes out.
/// </summary>
public sealed class ReconnectBackoffTests : SyncTestBase
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    [Fact]
    public async Task Offline_probes_back_off_doubling_to_the_cap_and_the_outbox_drains_when_the_server_answers()
    {
        var time = new TimerWatchingTimeProvider();
        var network = new SwitchableNetwork();
        var client = Client(o =>
        {
            o.DisableSubscriptions = true;
            o.HttpClient = new HttpClient(network);
        }, time: time);
        using var events = new EventWaiter(client.Store);
        var post = await client.Store.SaveAsync(new Post { Title = "queued while offline" });
        await client.Store.StartAsync();

        // Retries inside one probe wait at most MaxDelay (50 ms); the waits between probes are the backoff.
        var backoffs = new List<TimeSpan>();
        var requestsBefore = new List<int>();
        while (backoffs.Count < 5)
        {
            var due = await time.NextTimerAsync();
            if (due >= TimeSpan.FromMilliseconds(80))
            {
                backoffs.Add(due);
                requestsBefore.Add(network.Requests);
                network.Down = backoffs.Count < 5;
            }

            time.Advance(due);
        }

        await events.WaitForAsync<OutboxMutationProcessedEvent>();
        Assert.InRange(backoffs[0].TotalMilliseconds, 80, 120);
        Assert.InRange(backoffs[1].TotalMilliseconds, 160, 240);
        foreach (var capped in backoffs.Skip(2))
        {
            Assert.InRange(capped.TotalMilliseconds, 320, 480);
        }

        // Every probe asked the server again (the clock alone moved it on).
        Assert.True(requestsBefore.Zip(requestsBefore.Skip(1)).All(p => p.Second > p.First), string.Join(",", requestsBefore));
        Assert.Equal([false, true], events.Events.OfType<NetworkStatusEvent>().Select(e => e.Active));
        Assert.Equal(1, (await ServerPostAsync(post.Id))!["_version"]!.GetValue<int>());
        Assert.Empty(await client.Store.GetPendingMutationsAsync());
    }

    [Fact]
    public async Task Without_a_realtime_connection_the_engine_retries_it_after_growing_delays_and_keeps_syncing()
    {
        var time = new TimerWatchingTimeProvider();
        var sockets = 0;
        var client = Client(o =>
        {
            o.Retry.ReconnectBaseDelay = TimeSpan.FromMilliseconds(50);
            o.Retry.MaxReconnectDelay = TimeSpan.FromMilliseconds(800);
            o.RealtimeSocket = () =>
            {
                Interlocked.Increment(ref sockets);
                return new RefusingSocket();
            };
        }, time: time);
        using var events = new EventWaiter(client.Store);
        await client.Store.StartAsync();

        // Waits below an hour are the real-time retries (the full-sync interval is a day).
        var retries = new List<TimeSpan>();
        while (retries.Count < 4)
        {
            var due = await time.NextTimerAsync();
            if (due < TimeSpan.FromHours(1))
            {
                retries.Add(due);
            }

            time.Advance(due);
        }

        Assert.InRange(retries[0].TotalMilliseconds, 160, 240);
        Assert.InRange(retries[1].TotalMilliseconds, 320, 480);
        Assert.InRange(retries[2].TotalMilliseconds, 640, 960);
        Assert.InRange(retries[3].TotalMilliseconds, 640, 960);
        Assert.True(Volatile.Read(ref sockets) >= 4, $"{sockets} connects");
        // Each try also syncs, so changes arrive meanwhile.
        Assert.True(events.Events.OfType<ModelSyncedEvent>().Count(e => e.Model == "Post") >= 4);
    }

    /// <summary>A real-time endpoint that refuses every connection.</summary>
    private sealed class RefusingSocket : Stratus.DataStore.Sync.Subscriptions.IRealtimeSocket
    {
        public Task ConnectAsync(Uri uri, IReadOnlyList<string> subprotocols, CancellationToken cancellationToken) =>
            throw new System.Net.WebSockets.WebSocketException("connection refused (test)");

        public Task SendAsync(string text, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<string?> ReceiveAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Refuses every request while <see cref="Down"/>, as a network with no route does; else passes it on.</summary>
    private sealed class SwitchableNetwork() : DelegatingHandler(new HttpClientHandler())
    {
        private int _requests;

        public volatile bool Down = true;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return Down ? throw new HttpRequestException("No route to host (test network down).") : base.SendAsync(request, cancellationToken);
        }
    }
}
