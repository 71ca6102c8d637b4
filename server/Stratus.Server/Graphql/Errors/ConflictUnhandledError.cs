using Stratus.Schema.AppSync;

namespace Stratus.Server.Graphql.Errors;

/// <summary>AppSync <c>ConflictUnhandled</c>: the version did not match and the conflict handler rejected the write.</summary>
public sealed class ConflictUnhandledError(object currentItem)
    : AppSyncError(Type, Text, currentItem)
{
    public const string Type = AppSyncErrorType.ConflictUnhandled;
    public const string Text = "Conflict resolver rejects mutation.";
}
