using static Stratus.DataStore.Storage.RawSqlite;

namespace Stratus.DataStore.Storage;

/// <summary>
/// Reads and writes the per-model sync cursors with one raw statement each: every sync runs them once per model,
/// and through EF Core their first run in a process (query compilation, the update pipeline) cost more than a small
/// base sync's pages.
/// </summary>
internal static class SyncStateTable
{
    private const string Select =
        $"SELECT \"LastSync\", \"LastFullSync\", \"LastFullSyncAt\", \"SyncExpressionHash\" FROM {LocalDbContext.SyncTable} WHERE \"ModelName\" = ?1";

    // ?5 = 1 for a full sync, which also moves the full-sync fields; a delta sync leaves them as they were.
    private const string Upsert =
        $"INSERT INTO {LocalDbContext.SyncTable} (\"ModelName\", \"LastSync\", \"SyncExpressionHash\", \"LastFullSync\", \"LastFullSyncAt\") " +
        "VALUES (?1, ?2, ?3, CASE WHEN ?5 = 1 THEN ?2 END, CASE WHEN ?5 = 1 THEN ?4 END) " +
        "ON CONFLICT (\"ModelName\") DO UPDATE SET \"LastSync\" = excluded.\"LastSync\", \"SyncExpressionHash\" = excluded.\"SyncExpressionHash\", " +
        "\"LastFullSync\" = CASE WHEN ?5 = 1 THEN excluded.\"LastFullSync\" ELSE \"LastFullSync\" END, " +
        "\"LastFullSyncAt\" = CASE WHEN ?5 = 1 THEN excluded.\"LastFullSyncAt\" ELSE \"LastFullSyncAt\" END";

    public static ModelSyncState? Find(LocalDbContext db, string model) =>
        QueryFirst(db, Select, s => new ModelSyncState(model, ColumnInt64(s, 0), ColumnInt64(s, 1), ColumnInt64(s, 2), ColumnText(s, 3)), null, model);

    /// <summary>
    /// Records a completed sync: its <paramref name="startedAt"/> and sync expression, and for a full sync also
    /// <paramref name="startedAt"/> as the last full one, taken at <paramref name="now"/> (the client's clock).
    /// </summary>
    public static void Save(LocalDbContext db, string model, long? startedAt, string? expressionHash, bool full, long now) =>
        Execute(db, Upsert, model, startedAt, expressionHash, now, full);
}
