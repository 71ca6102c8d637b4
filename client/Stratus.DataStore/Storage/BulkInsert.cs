using System.Runtime.CompilerServices;
using SQLitePCL;
using Stratus.DataStore.Models;
using Stratus.DataStore.Serialization;
using static Stratus.DataStore.Storage.RawSqlite;

namespace Stratus.DataStore.Storage;

/// <summary>
/// Inserts records new to the store, and their metadata rows, with one prepared SQLite statement per table, inside
/// the write's transaction and without change tracking: the path a sync page into an empty store takes, where EF
/// Core's per-entity tracking and ADO.NET's per-row command would cost more than the insert itself. Values are bound
/// by position straight to the statement, read through the model's own accessors and in the form
/// <see cref="ModelMapping.ColumnValue"/> gives, the one EF Core is mapped with, so a row lands exactly as
/// <c>SaveChanges</c> would have written it.
/// </summary>
internal static class BulkInsert
{
    private static readonly string MetadataSql =
        $"INSERT INTO {LocalDbContext.MetadataTable} (\"ModelName\", \"ModelId\", \"Version\", \"Deleted\", \"LastChangedAt\") VALUES (?1, ?2, ?3, ?4, ?5)";

    // Runs a handful of times per sync, each over a thousand rows: compiled optimized from the first call.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Insert(LocalDbContext db, ModelInfo model, JsonCodec codec, IReadOnlyList<RecordMetadata> metadata, IReadOnlyList<object> rows)
    {
        if (rows.Count == 0 && metadata.Count == 0)
        {
            return;
        }

        var handle = RawSqlite.Handle(db);
        if (!InTransaction(db.Connection))
        {
            throw new InvalidOperationException("Bulk inserts run inside the store's write transaction.");
        }

        var utf8 = new byte[256];
        using (var statement = Prepare(handle, MetadataSql, []))
        {
            foreach (var meta in metadata)
            {
                Check(Bind(statement, 1, meta.ModelName, "ModelName", ref utf8), handle);
                Check(Bind(statement, 2, meta.ModelId, "ModelId", ref utf8), handle);
                Check(Bind(statement, 3, meta.Version, "Version", ref utf8), handle);
                Check(Bind(statement, 4, meta.Deleted, "Deleted", ref utf8), handle);
                Check(Bind(statement, 5, meta.LastChangedAt, "LastChangedAt", ref utf8), handle);
                Step(statement, handle);
            }
        }

        var fields = model.Fields;
        var sql = $"INSERT INTO \"{model.Name}\" ({string.Join(", ", fields.Select(f => $"\"{f.Field.Name}\""))}) VALUES ({string.Join(", ", fields.Select((_, i) => "?" + (i + 1)))})";
        using (var statement = Prepare(handle, sql, []))
        {
            foreach (var row in rows)
            {
                for (var i = 0; i < fields.Count; i++)
                {
                    var field = fields[i];
                    Check(Bind(statement, i + 1, ModelMapping.ColumnValue(field.Field, field.Get(row), codec), field.Field.Name, ref utf8), handle);
                }

                Step(statement, handle);
            }
        }
    }
}
