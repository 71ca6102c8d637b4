namespace Stratus.DataStore.Sync.Subscriptions;

/// <summary>
/// The WebSocket under the real-time client: connect with subprotocols, text frames in and out. A seam so the
/// protocol's rules (acks, keep-alive, reconnects) are tested on a fake socket and a fake clock.
/// </summary>
internal interface IRealtimeSocket : IAsyncDisposable
{
    Task ConnectAsync(Uri uri, IReadOnlyList<string> subprotocols, CancellationToken cancellationToken);

    Task SendAsync(string text, CancellationToken cancellationToken);

    /// <summary>The next text frame, or null once the socket is closed.</summary>
    Task<string?> ReceiveAsync(CancellationToken cancellationToken);

    Task CloseAsync(CancellationToken cancellationToken);
}
