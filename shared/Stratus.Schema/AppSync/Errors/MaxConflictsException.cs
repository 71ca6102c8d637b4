namespace Stratus.Schema.AppSync.Errors;

/// <summary>AppSync <c>MaxConflicts</c>: the item kept changing under concurrent writers until the retries ran out.</summary>
public sealed class MaxConflictsException(int attempts)
    : AppSyncException(Type, $"The item changed concurrently {attempts} times while its conflict was being resolved; retry the mutation.")
{
    public const string Type = AppSyncErrorType.MaxConflicts;
}
