using System.Text.Json.Nodes;
using System.Threading.Channels;
using Stratus.DataStore.Sync.Subscriptions;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>A socket the test plays the server on: it reads what the client sent and writes what the server says.</summary>
internal sealed class FakeRealtimeSocket : IRealtimeSocket
{
    private readonly Channel<string?> _toClient = Channel.CreateUnbounded<string?>();
    private readonly Channel<string> _fromClient = Channel.CreateUnbounded<string>();

    public IReadOnlyList<string> Subprotocols { get; private set; } = [];

    public Uri? Uri { get; private set; }

    public bool Closed { get; private set; }

    public Task ConnectAsync(Uri uri, IReadOnlyList<string> subprotocols, CancellationToken cancellationToken)
    {
        Uri = uri;
        Subprotocols = subprotocols;
        return Task.CompletedTask;
    }

    public Task SendAsync(string text, CancellationToken cancellationToken) => _fromClient.Writer.WriteAsync(text, cancellationToken).AsTask();

    public async Task<string?> ReceiveAsync(CancellationToken cancellationToken) =>
        await _toClient.Reader.ReadAsync(cancellationToken);

    public Task CloseAsync(CancellationToken cancellationToken)
    {
        Closed = true;
        _toClient.Writer.TryWrite(null);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The server ends the connection (the client's next receive finds it over).</summary>
    public void HangUp() => _toClient.Writer.TryWrite(null);

    /// <summary>The server's next frame.</summary>
    public void Say(JsonObject message) => _toClient.Writer.TryWrite(message.ToJsonString());

    /// <summary>The client's next frame.</summary>
    public async Task<JsonObject> HeardAsync() =>
        JsonNode.Parse(await _fromClient.Reader.ReadAsync().AsTask().WaitAsync(Infrastructure.Await.Default))!.AsObject();
}
