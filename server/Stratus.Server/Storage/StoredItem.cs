using System.Text.Json.Nodes;
using Stratus.Schema.AppSync;

namespace Stratus.Server.Storage;

/// <summary>An item as read from the base or delta table: user fields plus sync metadata.</summary>
public sealed record StoredItem(string Model, string Pk, JsonObject Data, long Version, bool Deleted, long LastChangedAt, long? Ttl)
{
    /// <summary>
    /// The item as the GraphQL layer sees it: user fields plus <c>_version</c>, <c>_deleted</c> (null while live, as
    /// AppSync leaves the attribute unwritten until a delete) and <c>_lastChangedAt</c> in epoch milliseconds.
    /// </summary>
    public JsonObject ToGraphQL()
    {
        var result = (JsonObject)Data.DeepClone();
        result[SyncFields.Version] = Version;
        result[SyncFields.Deleted] = Deleted ? true : null;
        result[SyncFields.LastChangedAt] = LastChangedAt;
        return result;
    }
}
