using System.Net.WebSockets;
using System.Text;

namespace Stratus.DataStore.Sync.Subscriptions;

/// <summary>
/// The real socket: a <see cref="ClientWebSocket"/> with the app's <see cref="Configuration.DataStoreOptions.ConfigureWebSocket"/>
/// settings (it also honours <c>SSL_CERT_FILE</c> on Linux for wss://).
/// </summary>
internal sealed class ClientWebSocketConnection : IRealtimeSocket
{
    private readonly ClientWebSocket _socket = new();

    public ClientWebSocketConnection(Action<ClientWebSocketOptions>? configure = null) => configure?.Invoke(_socket.Options);

    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public async Task ConnectAsync(Uri uri, IReadOnlyList<string> subprotocols, CancellationToken cancellationToken)
    {
        foreach (var protocol in subprotocols)
        {
            _socket.Options.AddSubProtocol(protocol);
        }

        await _socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
    }

    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            // A send that meets a connection the receive side has just seen dropped is reported as cancelled: it is
            // a lost connection, and must be handled as one (reconnect), not as the caller stopping.
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "the real-time connection was dropped", error);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
                return null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The socket was aborted (a send saw the drop first).
                return null;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "stopped", cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
                // Already going away.
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
