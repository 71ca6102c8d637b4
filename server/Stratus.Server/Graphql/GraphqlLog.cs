namespace Stratus.Server.Graphql;

/// <summary>Log events of the GraphQL endpoint, with stable ids (1000–1099).</summary>
internal static partial class GraphqlLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Unhandled error while executing operation {Operation}")]
    public static partial void UnhandledResolverError(this ILogger logger, Exception exception, string? operation);
}
