using Stratus.Schema.AppSync;

namespace Stratus.Server.Graphql.Errors;

/// <summary>AppSync <c>BadRequest</c>: e.g. the client tried to set <c>_lastChangedAt</c>, <c>_deleted</c> or <c>_ttl</c>.</summary>
public sealed class BadRequestError(string message)
    : AppSyncError(Type, message)
{
    public const string Type = AppSyncErrorType.BadRequest;
}
