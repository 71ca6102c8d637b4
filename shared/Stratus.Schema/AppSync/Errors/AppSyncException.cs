namespace Stratus.Schema.AppSync.Errors;

/// <summary>
/// An AppSync error with its <c>errorType</c>, <c>data</c> and <c>errorInfo</c> (appsync-protocol.md §4, "Error
/// envelope"). The server's storage, sync and conflict code throw these; the GraphQL layer writes them as AppSync's
/// error objects, with every key top-level.
/// </summary>
public class AppSyncException(string errorType, string message, object? data = null, object? errorInfo = null) : Exception(message)
{
    public string ErrorType { get; } = errorType;

    /// <summary>The <c>data</c> key of the error: for ConflictUnhandled, the full current server item.</summary>
    public object? ErrorData { get; } = data;

    public object? ErrorInfo { get; } = errorInfo;
}
