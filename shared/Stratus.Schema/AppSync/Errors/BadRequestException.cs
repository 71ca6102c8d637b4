namespace Stratus.Schema.AppSync.Errors;

/// <summary>AppSync <c>BadRequest</c>: e.g. the client tried to set <c>_lastChangedAt</c>, <c>_deleted</c> or <c>_ttl</c>.</summary>
public sealed class BadRequestException(string message)
    : AppSyncException(Type, message)
{
    public const string Type = AppSyncErrorType.BadRequest;
}
