namespace Stratus.DataStore.Storage;

/// <summary>
/// The sync metadata of one record (table <c>stratus_record_metadata</c>): the server's <c>_version</c>,
/// <c>_deleted</c> and <c>_lastChangedAt</c>. Kept apart from the model's own table, so models stay plain and a
/// delete keeps the version its mutation must carry.
/// </summary>
internal sealed class RecordMetadata
{
    public required string ModelName { get; set; }

    public required string ModelId { get; set; }

    /// <summary>Null until the server has seen the record.</summary>
    public long? Version { get; set; }

    public bool Deleted { get; set; }

    public long? LastChangedAt { get; set; }
}
