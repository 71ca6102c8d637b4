using Stratus.Schema.AppSync;

namespace Stratus.Server.Graphql.Errors;

/// <summary>AppSync <c>InternalFailure</c>: the server failed; nothing was written.</summary>
public sealed class InternalFailureError(string message)
    : AppSyncError(Type, message)
{
    public const string Type = AppSyncErrorType.InternalFailure;
}
