namespace Stratus.Schema.AppSync;

/// <summary>
/// AppSync's real-time WebSocket messages (subprotocol <c>graphql-ws</c>; appsync-protocol.md §5,
/// amplify-js-wire.md §2). Every frame is one JSON text frame with a <c>type</c>.
/// </summary>
public static class RealtimeMessageType
{
    /// <summary>Client → server, first: asks to start the session. No payload is needed.</summary>
    public const string ConnectionInit = "connection_init";

    /// <summary>Server → client: the session is open; <c>payload.connectionTimeoutMs</c> says how long the client may go without a <c>ka</c>.</summary>
    public const string ConnectionAck = "connection_ack";

    /// <summary>Server → client: the connection was refused (bad auth); the server then closes the socket.</summary>
    public const string ConnectionError = "connection_error";

    /// <summary>Server → client keep-alive, at most every 60 s (amplify-js warns after 65 s without one).</summary>
    public const string KeepAlive = "ka";

    /// <summary>
    /// Client → server: a subscription with its <c>id</c>; <c>payload.data</c> is a JSON <em>string</em> holding
    /// <c>{query, variables}</c> and <c>payload.extensions.authorization</c> the credentials for this subscription.
    /// </summary>
    public const string Start = "start";

    /// <summary>Server → client: the subscription with this <c>id</c> is registered and will receive data.</summary>
    public const string StartAck = "start_ack";

    /// <summary>Server → client: one event, <c>payload</c> is the GraphQL response shaped by the subscription's selection.</summary>
    public const string Data = "data";

    /// <summary>Server → client: a failed <c>start</c> (with its <c>id</c>) or a malformed message (without one).</summary>
    public const string Error = "error";

    /// <summary>Client → server: ends the subscription with this <c>id</c>.</summary>
    public const string Stop = "stop";

    /// <summary>Server → client: the subscription with this <c>id</c> has ended.</summary>
    public const string Complete = "complete";

    /// <summary>The only subprotocol AppSync speaks; the server must select it or amplify-js drops the socket.</summary>
    public const string Subprotocol = "graphql-ws";
}
