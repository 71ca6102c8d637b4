namespace Stratus.Schema.AppSync;

/// <summary>
/// The <c>errorType</c> strings of AppSync errors (appsync-protocol.md §3–4, §6): what the server writes and what
/// the client's sync engine decides on.
/// </summary>
public static class AppSyncErrorType
{
    /// <summary>The write's <c>_version</c> did not match and the conflict strategy rejected it; <c>data</c> holds the server's item.</summary>
    public const string ConflictUnhandled = "ConflictUnhandled";

    /// <summary>A Lambda conflict handler failed or answered something unusable; nothing was written.</summary>
    public const string ConflictError = "ConflictError";

    /// <summary>A Lambda conflict handler kept losing races with other writers.</summary>
    public const string MaxConflicts = "MaxConflicts";

    /// <summary>The mutation's <c>condition</c> (or a create over an existing item) failed.</summary>
    public const string ConditionalCheckFailed = "ConditionalCheckFailedException";

    /// <summary>The caller may not do this (or the item does not exist, which AppSync reports the same way).</summary>
    public const string Unauthorized = "Unauthorized";

    /// <summary>The request's credentials were missing or invalid (HTTP 401).</summary>
    public const string UnauthorizedException = "UnauthorizedException";

    /// <summary>The request itself is malformed (a client-set <c>_version</c> field it may not send, a bad limit).</summary>
    public const string BadRequest = "BadRequest";

    /// <summary>The server failed; safe to retry.</summary>
    public const string InternalFailure = "InternalFailure";

    /// <summary>A rate limit was hit (HTTP 429); retry later.</summary>
    public const string LimitExceeded = "LimitExceededException";

    /// <summary>The operation is switched off on the server.</summary>
    public const string OperationDisabled = "OperationDisabled";
}
