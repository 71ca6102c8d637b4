using GraphQL;

namespace Stratus.Server.Graphql.Errors;

/// <summary>
/// A resolver error as AppSync returns it: <c>errorType</c>, <c>errorInfo</c> and <c>data</c> are top-level keys of
/// the error object (appsync-protocol.md §4, "Error envelope"), written by <see cref="AppSyncErrorJsonConverter"/>.
/// </summary>
public class AppSyncError(string errorType, string message, object? data = null, object? errorInfo = null) : ExecutionError(message)
{
    public string ErrorType { get; } = errorType;

    /// <summary>The <c>data</c> key of the error: for ConflictUnhandled, the full current server item.</summary>
    public object? ErrorData { get; } = data;

    public object? ErrorInfo { get; } = errorInfo;
}
