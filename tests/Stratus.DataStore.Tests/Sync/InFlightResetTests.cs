using Stratus.DataStore.Events;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>Changes left in flight, by a process that stopped or a drain the server cut short: all are sent again, in order.</summary>
public sealed class InFlightResetTests : SyncTestBase
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    [Fact]
    public async Task Changes_left_in_flight_are_all_sent_by_the_next_sync()
    {
        var client = Client(o => o.DisableSubscriptions = true);
        var first = await client.Store.SaveAsync(new Post { Title = "first" });
        var second = await client.Store.SaveAsync(new Post { Title = "second" });
        // As a process leaves them when it stops while sending.
        await client.MarkOutboxInFlightAsync();

        var summary = await client.Store.SyncAsync();

        Assert.Equal(2, summary.Sent);
        Assert.Equal("first", (await ServerPostAsync(first.Id))!["title"]!.GetValue<string>());
        Assert.Equal("second", (await ServerPostAsync(second.Id))!["title"]!.GetValue<string>());
        Assert.Empty(await client.OutboxAsync());
    }

    [Fact]
    public async Task Changes_a_drain_was_sending_when_mutations_failed_are_sent_in_order_once_they_get_through()
    {
        using var mutations = new FailingMutations { InnerHandler = new HttpClientHandler() };
        using var http = new HttpClient(mutations);
        var client = Client(o =>
        {
            o.DisableSubscriptions = true;
            o.HttpClient = http;
        });
        foreach (var title in new[] { "one", "two", "three" })
        {
            await client.Store.SaveAsync(new Post { Title = title });
        }

        using var events = new EventWaiter(client.Store);
        await client.Store.StartAsync();
        // The first drain is cut short with the head and the change after it in flight; later ones too, until
        // mutations get through again.
        await events.WaitForAsync<NetworkStatusEvent>(e => !e.Active);
        mutations.Failing = false;

        await events.WaitForAsync<OutboxMutationProcessedEvent>(count: 3);

        Assert.Equal(["one", "two", "three"], events.Events.OfType<OutboxMutationProcessedEvent>().Select(e => e.Element["title"]!.GetValue<string>()));
        Assert.Empty(await client.OutboxAsync());
        // Stopped before the handler it sends through goes.
        await client.Store.StopAsync();
    }

    /// <summary>Fails every mutation while <see cref="Failing"/> is set; queries go through to the server.</summary>
    private sealed class FailingMutations : DelegatingHandler
    {
        public volatile bool Failing = true;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Failing && request.Content is { } content && (await content.ReadAsStringAsync(cancellationToken)).Contains("\"mutation ", StringComparison.Ordinal))
            {
                throw new HttpRequestException("mutations do not get through");
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
