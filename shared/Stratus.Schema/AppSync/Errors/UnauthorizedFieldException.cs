namespace Stratus.Schema.AppSync.Errors;

/// <summary>
/// AppSync <c>Unauthorized</c>, also what AppSync answers to an update or delete of an item that does not exist
/// (appsync-protocol.md §4), so callers cannot tell a missing item from a forbidden one.
/// </summary>
public sealed class UnauthorizedFieldException(string field, string parentType)
    : AppSyncException(Type, Describe(field, parentType))
{
    public const string Type = AppSyncErrorType.Unauthorized;

    public static string Describe(string field, string parentType) => $"Not Authorized to access {field} on type {parentType}";
}
