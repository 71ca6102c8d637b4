using SQLitePCL;
using static Stratus.DataStore.Storage.RawSqlite;

namespace Stratus.DataStore.Storage;

/// <summary>
/// Whether any record of a model whose id lies in a range has local metadata or a queued change: one seek on each
/// of the two (model, id) indexes, run as one raw statement on the write's connection, so a sync page's check costs
/// microseconds rather than a query pipeline.
/// </summary>
internal static class KeyRangeProbe
{
    private static readonly string Sql =
        $"SELECT EXISTS (SELECT 1 FROM {LocalDbContext.MetadataTable} WHERE \"ModelName\" = ?1 AND \"ModelId\" BETWEEN ?2 AND ?3) " +
        $"OR EXISTS (SELECT 1 FROM {LocalDbContext.OutboxTable} WHERE \"ModelName\" = ?1 AND \"ModelId\" BETWEEN ?2 AND ?3)";

    public static bool AnyRecorded(LocalDbContext db, string model, string low, string high) =>
        QueryFirst(db, Sql, s => raw.sqlite3_column_int(s, 0) != 0, false, model, low, high);
}
