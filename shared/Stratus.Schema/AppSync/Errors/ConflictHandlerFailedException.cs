namespace Stratus.Schema.AppSync.Errors;

/// <summary>AppSync <c>ConflictError</c>: the conflict handler failed, timed out or answered malformed JSON; nothing was written.</summary>
public sealed class ConflictHandlerFailedException(string message)
    : AppSyncException(Type, message)
{
    public const string Type = AppSyncErrorType.ConflictError;
}
