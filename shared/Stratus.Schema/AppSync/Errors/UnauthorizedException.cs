namespace Stratus.Schema.AppSync.Errors;

/// <summary>
/// Request-level authentication failure: HTTP 401 with
/// <c>{"errors":[{"errorType":"UnauthorizedException","message":"..."}]}</c>, as AppSync answers a missing or wrong key.
/// </summary>
public static class UnauthorizedException
{
    public const string Type = AppSyncErrorType.UnauthorizedException;
    public const string MissingMessage = "Valid authorization header not provided.";
    public const string InvalidMessage = "You are not authorized to make this call.";
}
