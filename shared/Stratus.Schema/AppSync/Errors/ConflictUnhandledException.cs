namespace Stratus.Schema.AppSync.Errors;

/// <summary>AppSync <c>ConflictUnhandled</c>: the version did not match and the conflict handler rejected the write.</summary>
public sealed class ConflictUnhandledException(object currentItem)
    : AppSyncException(Type, Text, currentItem)
{
    public const string Type = AppSyncErrorType.ConflictUnhandled;
    public const string Text = "Conflict resolver rejects mutation.";
}
