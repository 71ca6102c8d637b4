using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;
using static Stratus.DataStore.Storage.RawSqlite;

namespace Stratus.DataStore.Storage;

/// <summary>
/// Inserts new rows of mapped entities with one prepared SQLite statement per table, inside the write's transaction
/// and without change tracking: the path a sync page into an empty store takes, where EF Core's per-entity tracking
/// and ADO.NET's per-row command would cost more than the insert itself. Values are bound by position straight to
/// the statement. Columns, names and value conversions come from the EF Core model, so a row lands exactly as
/// <c>SaveChanges</c> would have written it.
/// </summary>
internal static class BulkInsert
{
    // Runs a handful of times per sync, each over a thousand rows: compiled optimized from the first call.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Insert(LocalDbContext db, IReadOnlyList<object> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Bulk inserts run inside the store's write transaction.");
        }

        var handle = RawSqlite.Handle(db);
        foreach (var group in rows.GroupBy(r => r.GetType()))
        {
            var entity = db.Model.FindEntityType(group.Key) ?? throw new InvalidOperationException($"{group.Key.Name} is not a mapped entity.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = entity.GetProperties().Select(p => (Column: p.GetColumnName(table)!, Getter: p.GetGetter(), Converter: p.GetTypeMapping().Converter)).ToList();
            var sql = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "?" + (i + 1)))})";
            Check(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
            using (statement)
            {
                var utf8 = new byte[256];
                foreach (var row in group)
                {
                    for (var i = 0; i < columns.Count; i++)
                    {
                        var value = columns[i].Getter.GetClrValue(row);
                        if (value is not null && columns[i].Converter is { } converter)
                        {
                            value = converter.ConvertToProvider(value);
                        }

                        Check(Bind(statement, i + 1, value, columns[i].Column, ref utf8), handle);
                    }

                    var stepped = raw.sqlite3_step(statement);
                    var reset = raw.sqlite3_reset(statement);
                    if (stepped != raw.SQLITE_DONE)
                    {
                        // A failed step (a constraint, say) reports its error on reset.
                        Check(reset != raw.SQLITE_OK ? reset : stepped, handle);
                    }
                }
            }
        }
    }
}
