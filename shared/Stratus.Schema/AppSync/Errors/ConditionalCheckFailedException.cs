namespace Stratus.Schema.AppSync.Errors;

/// <summary>AppSync <c>ConditionalCheckFailedException</c>: the <c>condition</c> failed, or a create hit an existing key.</summary>
public sealed class ConditionalCheckFailedException()
    : AppSyncException(Type, Text)
{
    public const string Type = AppSyncErrorType.ConditionalCheckFailed;
    public const string Text = "The conditional request failed (Service: DynamoDb, Status Code: 400)";
}
