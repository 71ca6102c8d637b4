using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Stratus.DataStore.Storage;

/// <summary>
/// What the raw SQLite statements of the sync path share: the write's native handle, result checks, binding by
/// position and one-statement helpers. A statement run on the handle of a write's context is part of its transaction.
/// </summary>
internal static class RawSqlite
{
    /// <summary>The native handle of the context's connection, opened if it is not yet.</summary>
    public static sqlite3 Handle(LocalDbContext db)
    {
        if (db.Connection.State != System.Data.ConnectionState.Open)
        {
            db.Connection.Open();
        }

        return db.Connection.Handle!;
    }

    /// <summary>Whether the connection is inside a transaction (SQLite's own, begun by a statement or by ADO.NET).</summary>
    public static bool InTransaction(SqliteConnection connection) =>
        connection.Handle is { } handle && raw.sqlite3_get_autocommit(handle) == 0;

    /// <summary>Throws SQLite's own error for a result other than <c>SQLITE_OK</c>.</summary>
    public static void Check(int result, sqlite3 handle)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, handle);
        }
    }

    /// <summary>Prepares <paramref name="sql"/> with <paramref name="values"/> bound to ?1, ?2, …</summary>
    public static sqlite3_stmt Prepare(sqlite3 handle, string sql, ReadOnlySpan<object?> values)
    {
        Check(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
        try
        {
            var utf8 = Array.Empty<byte>();
            for (var i = 0; i < values.Length; i++)
            {
                Check(Bind(statement, i + 1, values[i], $"?{i + 1}", ref utf8), handle);
            }

            return statement;
        }
        catch
        {
            statement.Dispose();
            throw;
        }
    }

    /// <summary>Runs a statement that returns no rows; gives how many rows it changed.</summary>
    public static int Execute(LocalDbContext db, string sql, params ReadOnlySpan<object?> values)
    {
        var handle = Handle(db);
        using var statement = Prepare(handle, sql, values);
        Step(statement, handle);
        return raw.sqlite3_changes(handle);
    }

    /// <summary>Runs a query and reads its first row, or gives <paramref name="none"/> when it has none.</summary>
    public static T QueryFirst<T>(LocalDbContext db, string sql, Func<sqlite3_stmt, T> read, T none, params ReadOnlySpan<object?> values)
    {
        var handle = Handle(db);
        using var statement = Prepare(handle, sql, values);
        var stepped = raw.sqlite3_step(statement);
        if (stepped == raw.SQLITE_DONE)
        {
            return none;
        }

        if (stepped != raw.SQLITE_ROW)
        {
            Check(stepped, handle);
        }

        return read(statement);
    }

    /// <summary>
    /// Runs a prepared statement that returns no rows once and resets it for the next values; a failed step (a
    /// constraint, say) throws the error SQLite reports on reset.
    /// </summary>
    public static void Step(sqlite3_stmt statement, sqlite3 handle)
    {
        var stepped = raw.sqlite3_step(statement);
        var reset = raw.sqlite3_reset(statement);
        if (stepped != raw.SQLITE_DONE)
        {
            Check(reset != raw.SQLITE_OK ? reset : stepped, handle);
        }
    }

    /// <summary>A column as a nullable integer.</summary>
    public static long? ColumnInt64(sqlite3_stmt statement, int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(statement, column);

    /// <summary>A column as nullable text.</summary>
    public static string? ColumnText(sqlite3_stmt statement, int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(statement, column).utf8_to_string();

    /// <summary>
    /// Binds a provider value the way a mapped column stores it: text, integer (booleans as 0 and 1), real or blob.
    /// Text is encoded into <paramref name="utf8"/>, reused from value to value (SQLite copies what it is given).
    /// </summary>
    public static int Bind(sqlite3_stmt statement, int index, object? value, string column, ref byte[] utf8) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        // An empty span would reach SQLite as a null pointer, which binds NULL, not ''.
        string { Length: 0 } => raw.sqlite3_bind_text(statement, index, ""),
        string text => raw.sqlite3_bind_text(statement, index, Utf8(text, ref utf8)),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        short number => raw.sqlite3_bind_int64(statement, index, number),
        byte number => raw.sqlite3_bind_int64(statement, index, number),
        double number => raw.sqlite3_bind_double(statement, index, number),
        float number => raw.sqlite3_bind_double(statement, index, number),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        _ => throw new InvalidOperationException($"Column {column} holds a {value.GetType().Name}, which a raw statement does not bind; give it in its stored form (text, a number, a boolean or bytes)."),
    };

    private static ReadOnlySpan<byte> Utf8(string text, ref byte[] buffer)
    {
        var most = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        if (buffer.Length < most)
        {
            buffer = new byte[Math.Max(most, buffer.Length * 2)];
        }

        return buffer.AsSpan(0, System.Text.Encoding.UTF8.GetBytes(text, buffer));
    }
}
