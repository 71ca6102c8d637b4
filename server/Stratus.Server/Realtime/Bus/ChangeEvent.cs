using System.Text.Json.Nodes;

namespace Stratus.Server.Realtime.Bus;

/// <summary>The kind of accepted write, matching the subscription it feeds (onCreate/onUpdate/onDelete).</summary>
public enum ChangeOperation
{
    Create,
    Update,
    Delete,
}

/// <summary>
/// One accepted write, published once after its transaction committed. <see cref="Item"/> is the stored item as
/// GraphQL returns it (sync metadata included); a delete carries the tombstone, a merge the merged item.
/// </summary>
public sealed record ChangeEvent(string Model, ChangeOperation Operation, string Pk, long Version, JsonObject Item);
