namespace Stratus.DataStore.Storage;

/// <summary>
/// Per-model sync cursor (table <c>stratus_model_sync</c>, see <see cref="SyncStateTable"/>): the server's
/// <c>startedAt</c> of the last sync and of the last full one; <paramref name="LastFullSyncAt"/> is the client's own
/// clock (Unix ms) at the last full sync, what <c>FullSyncInterval</c> is measured from;
/// <paramref name="SyncExpressionHash"/> is the model's sync expression as last synced (a change forces a base sync).
/// </summary>
internal sealed record ModelSyncState(string ModelName, long? LastSync, long? LastFullSync, long? LastFullSyncAt, string? SyncExpressionHash);
