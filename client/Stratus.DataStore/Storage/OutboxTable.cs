using SQLitePCL;
using static Stratus.DataStore.Storage.RawSqlite;

namespace Stratus.DataStore.Storage;

/// <summary>
/// The outbox steps every sync takes, as raw statements: through EF Core their first run in a process
/// (query compilation) cost more than a small base sync's pages. Everything else the outbox does goes through EF Core.
/// </summary>
internal static class OutboxTable
{
    private const string ResetInFlightSql = $"UPDATE {LocalDbContext.OutboxTable} SET \"InFlight\" = 0 WHERE \"InFlight\" <> 0";

    // Waiting: queued and not failed (failed entries wait for the app, not for the engine).
    private const string AnyWaitingSql = $"SELECT EXISTS (SELECT 1 FROM {LocalDbContext.OutboxTable} WHERE \"Failed\" = 0)";

    /// <summary>Marks every entry as not in flight; gives how many were.</summary>
    public static int ResetInFlight(LocalDbContext db) => Execute(db, ResetInFlightSql);

    /// <summary>Whether any entry is waiting to be sent.</summary>
    public static bool AnyWaiting(LocalDbContext db) => QueryFirst(db, AnyWaitingSql, s => raw.sqlite3_column_int(s, 0) != 0, false);
}
