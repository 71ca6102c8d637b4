using Stratus.Schema.AppSync;

namespace Stratus.Server.Graphql.Errors;

/// <summary>AppSync <c>ConflictError</c>: the conflict handler failed, timed out or answered malformed JSON; nothing was written.</summary>
public sealed class ConflictHandlerFailedError(string message)
    : AppSyncError(Type, message)
{
    public const string Type = AppSyncErrorType.ConflictError;
}
