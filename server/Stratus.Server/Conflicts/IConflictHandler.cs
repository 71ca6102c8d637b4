using System.Text.Json.Nodes;

namespace Stratus.Server.Conflicts;

/// <summary>
/// A LAMBDA conflict handler: decides a write whose <c>_version</c> does not match the stored item. Register one in
/// DI when hosting Stratus as a library; otherwise <c>--lambda-url</c> posts the same payload to a webhook.
/// </summary>
public interface IConflictHandler
{
    Task<ConflictResolution> ResolveAsync(ConflictRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// AppSync's Lambda conflict payload (conflict-detection-and-resolution docs): <c>newItem</c> is the item as it would
/// be if the mutation succeeded, <c>existingItem</c> the stored one, <c>identity</c> null for API-key callers.
/// </summary>
public sealed record ConflictRequest(JsonObject NewItem, JsonObject ExistingItem, JsonObject Arguments, ConflictResolver Resolver, JsonObject? Identity)
{
    public JsonObject ToJson() => new()
    {
        ["newItem"] = NewItem.DeepClone(),
        ["existingItem"] = ExistingItem.DeepClone(),
        ["arguments"] = Arguments.DeepClone(),
        ["resolver"] = new JsonObject
        {
            ["tableName"] = Resolver.TableName,
            ["awsRegion"] = Resolver.AwsRegion,
            ["parentType"] = Resolver.ParentType,
            ["field"] = Resolver.Field,
        },
        ["identity"] = Identity?.DeepClone(),
    };
}

/// <summary>The <c>resolver</c> part of the payload: which table and mutation field the conflict is on.</summary>
public sealed record ConflictResolver(string TableName, string Field, string ParentType = "Mutation", string AwsRegion = "local");

public enum ConflictAction
{
    /// <summary>Replace the stored item with <see cref="ConflictResolution.Item"/> (keys and sync metadata in it are ignored).</summary>
    Resolve,

    /// <summary>Refuse the write: the client gets <c>ConflictUnhandled</c> with the stored item.</summary>
    Reject,

    /// <summary>For deletes only: delete the item anyway.</summary>
    Remove,
}

public sealed record ConflictResolution(ConflictAction Action, JsonObject? Item = null)
{
    public static ConflictResolution Reject { get; } = new(ConflictAction.Reject);

    public static ConflictResolution Remove { get; } = new(ConflictAction.Remove);

    public static ConflictResolution Resolve(JsonObject item) => new(ConflictAction.Resolve, item);
}
