using System.Net.WebSockets;
using GraphQL;
using Microsoft.Extensions.Options;
using Stratus.Server.Auth;
using Stratus.Server.Hosting;
using Stratus.Schema.AppSync;
using Stratus.Server.Realtime.AppSync;

namespace Stratus.Server.Realtime;

/// <summary>
/// <c>GET /graphql/realtime</c>: upgrades to a WebSocket with the <c>graphql-ws</c> subprotocol and runs AppSync's
/// real-time protocol on it until the client leaves or the server shuts down (sockets then get a close frame).
/// </summary>
internal sealed class RealtimeEndpoint(
    Graphql.StratusExecutor executor,
    IGraphQLTextSerializer serializer,
    RequestAuthenticator auth,
    IOptions<StratusOptions> options,
    TimeProvider time,
    Observability.StratusTelemetry telemetry,
    RealtimeConnections registry,
    IHostApplicationLifetime lifetime,
    ILogger<RealtimeEndpoint> logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(http, "Connect with a WebSocket upgrade and the graphql-ws subprotocol.");
            return;
        }

        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(RealtimeMessageType.Subprotocol))
        {
            await RefuseAsync(http, "The graphql-ws subprotocol is required (Sec-WebSocket-Protocol: graphql-ws).");
            return;
        }

        var credentials = RealtimeAuthorization.FromHandshake(http.Request);
        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = RealtimeMessageType.Subprotocol,
            KeepAliveInterval = TimeSpan.FromSeconds(options.Value.KeepAliveInterval),
            KeepAliveTimeout = TimeSpan.FromSeconds(options.Value.KeepAliveInterval),
        });
        var connection = new RealtimeConnection(socket, credentials, executor, serializer, auth, options.Value, time, telemetry, registry, logger);
        await connection.RunAsync(lifetime.ApplicationStopping);
    }

    private static async Task RefuseAsync(HttpContext http, string message)
    {
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        await http.Response.WriteAsJsonAsync(new { errors = new[] { new { errorType = "BadRequestException", message } } }, http.RequestAborted);
    }
}
