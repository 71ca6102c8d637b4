using Stratus.DataStore.Sync.Subscriptions;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>The real-time endpoint is derived as amplify-js derives it (appsync-protocol.md §5).</summary>
public sealed class RealtimeUrlTests
{
    [Theory]
    [InlineData("https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql", "wss://abcdefghijklmnopqrstuvwxyz.appsync-realtime-api.eu-west-1.amazonaws.com/graphql")]
    [InlineData("https://sync.example.com/graphql", "wss://sync.example.com/graphql/realtime")]
    [InlineData("https://127.0.0.1:8443/graphql", "wss://127.0.0.1:8443/graphql/realtime")]
    [InlineData("http://127.0.0.1:5000/graphql", "ws://127.0.0.1:5000/graphql/realtime")]
    public void The_realtime_url_follows_the_graphql_url(string graphql, string realtime) =>
        Assert.Equal(new Uri(realtime), RealtimeUrl.For(new Uri(graphql)));
}
