using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace Stratus.DataStore.Storage;

/// <summary>What the raw SQLite statements of the sync path share: the write's native handle and result checks.</summary>
internal static class RawSqlite
{
    /// <summary>The native handle of the context's connection, opened if it is not yet.</summary>
    public static sqlite3 Handle(LocalDbContext db)
    {
        db.Database.OpenConnection();
        return ((SqliteConnection)db.Database.GetDbConnection()).Handle!;
    }

    /// <summary>Throws SQLite's own error for a result other than <c>SQLITE_OK</c>.</summary>
    public static void Check(int result, sqlite3 handle)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, handle);
        }
    }
}
