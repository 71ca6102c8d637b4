using Stratus.Schema.AppSync;

namespace Stratus.Server.Graphql.Errors;

/// <summary>AppSync <c>ConditionalCheckFailedException</c>: the <c>condition</c> failed, or a create hit an existing key.</summary>
public sealed class ConditionalCheckFailedError()
    : AppSyncError(Type, Text)
{
    public const string Type = AppSyncErrorType.ConditionalCheckFailed;
    public const string Text = "The conditional request failed (Service: DynamoDb, Status Code: 400)";
}
