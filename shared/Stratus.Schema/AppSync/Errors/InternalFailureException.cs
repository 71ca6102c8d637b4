namespace Stratus.Schema.AppSync.Errors;

/// <summary>AppSync <c>InternalFailure</c>: the server failed; nothing was written.</summary>
public sealed class InternalFailureException(string message)
    : AppSyncException(Type, message)
{
    public const string Type = AppSyncErrorType.InternalFailure;
}
