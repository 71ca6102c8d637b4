using System.Text.Json.Nodes;
using Stratus.Schema.AppSync;

namespace Stratus.Server.Storage;

/// <summary>
/// An item as read from the base or delta table: user fields plus sync metadata. Read from the database, the user
/// fields stay JSON text until <see cref="Data"/> is first used, so a page written straight to a response (see
/// <see cref="RawData"/>) is never turned into objects.
/// </summary>
public sealed record StoredItem
{
    private JsonObject? _data;
    private readonly string? _json;

    public StoredItem(string model, string pk, JsonObject data, long version, bool deleted, long lastChangedAt, long? ttl)
        : this(model, pk, version, deleted, lastChangedAt, ttl) => _data = data;

    /// <summary>An item whose user fields are the JSON object <paramref name="json"/>, parsed when first needed.</summary>
    public StoredItem(string model, string pk, string json, long version, bool deleted, long lastChangedAt, long? ttl)
        : this(model, pk, version, deleted, lastChangedAt, ttl) => _json = json;

    private StoredItem(string model, string pk, long version, bool deleted, long lastChangedAt, long? ttl)
    {
        Model = model;
        Pk = pk;
        Version = version;
        Deleted = deleted;
        LastChangedAt = lastChangedAt;
        Ttl = ttl;
    }

    public string Model { get; init; }

    public string Pk { get; init; }

    public JsonObject Data
    {
        get => _data ??= (JsonObject)JsonNode.Parse(_json!)!;
        init => _data = value;
    }

    /// <summary>The user fields as the stored JSON text, while <see cref="Data"/> was never used (and so never changed).</summary>
    public string? RawData => _data is null ? _json : null;

    public long Version { get; init; }

    public bool Deleted { get; init; }

    public long LastChangedAt { get; init; }

    public long? Ttl { get; init; }

    /// <summary>
    /// The item as the GraphQL layer sees it: user fields plus <c>_version</c>, <c>_deleted</c> (null while live, as
    /// AppSync leaves the attribute unwritten until a delete) and <c>_lastChangedAt</c> in epoch milliseconds.
    /// </summary>
    public JsonObject ToGraphQL()
    {
        var result = _data is null ? (JsonObject)JsonNode.Parse(_json!)! : (JsonObject)_data.DeepClone();
        result[SyncFields.Version] = Version;
        result[SyncFields.Deleted] = Deleted ? true : null;
        result[SyncFields.LastChangedAt] = LastChangedAt;
        return result;
    }
}
