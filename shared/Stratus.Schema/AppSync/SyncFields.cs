namespace Stratus.Schema.AppSync;

/// <summary>
/// The conflict-detection metadata every model type of a sync-enabled API carries (appsync-protocol.md §1), as
/// both the server's resolvers and the client's documents name them.
/// </summary>
public static class SyncFields
{
    /// <summary>The server-owned version: 1 on create, +1 on every accepted write; sent back on update and delete.</summary>
    public const string Version = "_version";

    /// <summary>True on a tombstone (a soft-deleted item); null on live items.</summary>
    public const string Deleted = "_deleted";

    /// <summary>Epoch milliseconds of the item's last accepted write.</summary>
    public const string LastChangedAt = "_lastChangedAt";

    /// <summary>The tombstone's expiry (epoch seconds); the server's own, never sent or selected by clients.</summary>
    public const string Ttl = "_ttl";

    /// <summary>The metadata a client selects on every item, in amplify-js's order.</summary>
    public static readonly IReadOnlyList<string> Selected = [Version, LastChangedAt, Deleted];
}
