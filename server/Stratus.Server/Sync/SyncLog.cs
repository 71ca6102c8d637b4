using Microsoft.Extensions.Logging;

namespace Stratus.Server.Sync;

/// <summary>Log events of the sync resolvers, with stable ids (2000–2099).</summary>
internal static partial class SyncLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Conflict on {Model}: stored version {Stored}, incoming {Incoming}; rejected")]
    public static partial void ConflictRejected(this ILogger logger, string model, long stored, long incoming);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Conflict on {Model}: stored version {Stored}, incoming {Incoming}; automerged")]
    public static partial void AutomergeApplied(this ILogger logger, string model, long stored, long incoming);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Conflict on {Model}: stored version {Stored}, incoming {Incoming}; handler answered {Action}")]
    public static partial void ConflictHandled(this ILogger logger, string model, long stored, long incoming, string action);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Conflict on {Model} changed while its handler ran (attempt {Attempt}); asking again")]
    public static partial void ConflictRetry(this ILogger logger, string model, int attempt);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Swept {Tombstones} expired tombstones and {Deltas} expired delta rows")]
    public static partial void Swept(this ILogger logger, int tombstones, int deltas);
}
