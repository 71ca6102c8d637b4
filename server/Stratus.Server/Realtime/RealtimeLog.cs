namespace Stratus.Server.Realtime;

/// <summary>Log events of the real-time endpoint and the subscription bus, with stable ids (3000–3099).</summary>
internal static partial class RealtimeLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "A subscriber of {Model} {Operation} events failed")]
    public static partial void SubscriberFailed(this ILogger logger, Exception exception, string model, string operation);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Real-time connection {Connection} opened")]
    public static partial void ConnectionOpened(this ILogger logger, string connection);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Real-time connection {Connection} closed: {Reason}")]
    public static partial void ConnectionClosed(this ILogger logger, string connection, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "PostgreSQL subscription listener lost its connection; reconnecting")]
    public static partial void ListenerReconnecting(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Ignored a malformed change notification: {Payload}")]
    public static partial void MalformedNotification(this ILogger logger, string payload);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "PostgreSQL subscription bus could not read the changes it missed; it tries again at the next catch-up")]
    public static partial void CatchUpFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "Real-time connection {Connection}: {Message}")]
    public static partial void ProtocolEvent(this ILogger logger, string connection, string message);
}
