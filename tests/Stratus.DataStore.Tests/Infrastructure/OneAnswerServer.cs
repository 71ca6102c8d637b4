using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stratus.DataStore.Tests.Infrastructure;

/// <summary>A loopback HTTP/1.1 server that gives every request the same raw answer, or one made from the request's body.</summary>
public sealed class OneAnswerServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/graphql");

    public static Task<OneAnswerServer> StartAsync(string status, string type, string body) => StartAsync(status, type, _ => body);

    public static Task<OneAnswerServer> StartAsync(string status, string type, Func<string, string> body)
    {
        var server = new OneAnswerServer();
        server._listener.Start();
        server._loop = Task.Run(async () =>
        {
            while (!server._stop.IsCancellationRequested)
            {
                using var socket = await server._listener.AcceptTcpClientAsync(server._stop.Token);
                var stream = socket.GetStream();
                var buffer = new byte[65536];
                var read = 0;
                // Read the request head and its body (Content-Length or chunked), then answer.
                while (true)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(read), server._stop.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                    var text = Encoding.UTF8.GetString(buffer, 0, read);
                    var head = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (head >= 0)
                    {
                        var length = text.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } line ? int.Parse(line[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;
                        var chunked = text[..head].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
                        if (chunked ? text.EndsWith("0\r\n\r\n", StringComparison.Ordinal) : read >= head + 4 + length)
                        {
                            break;
                        }
                    }
                }

                var request = Encoding.UTF8.GetString(buffer, 0, read);
                var end = request.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                var reply = body(end < 0 ? "" : request[(end + 4)..]);
                var answer = Encoding.UTF8.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {Encoding.UTF8.GetByteCount(reply)}\r\nConnection: close\r\n\r\n{reply}");
                await stream.WriteAsync(answer, server._stop.Token);
            }
        });
        return Task.FromResult(server);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}
