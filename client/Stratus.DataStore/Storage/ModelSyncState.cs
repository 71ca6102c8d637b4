namespace Stratus.DataStore.Storage;

/// <summary>Per-model sync cursor (table <c>stratus_model_sync</c>): the server's <c>startedAt</c> of the last sync.</summary>
internal sealed class ModelSyncState
{
    public required string ModelName { get; set; }

    public long? LastSync { get; set; }

    public long? LastFullSync { get; set; }

    /// <summary>The client's own clock (Unix ms) at the last full sync: what <c>FullSyncInterval</c> is measured from.</summary>
    public long? LastFullSyncAt { get; set; }

    /// <summary>A hash of the model's sync expression; a change forces a base sync.</summary>
    public string? SyncExpressionHash { get; set; }
}
