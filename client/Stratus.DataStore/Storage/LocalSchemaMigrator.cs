using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Stratus.DataStore.Models;
using Stratus.Schema.AppSync;
using Stratus.Schema.Model;

namespace Stratus.DataStore.Storage;

/// <summary>
/// Brings the local database to the current schema without losing anything: system tables and model tables are
/// created when missing, new fields become new (nullable) columns, columns of removed fields stay where they are,
/// and a table whose key changed is rebuilt with its rows copied over. The outbox is never touched. (Amplify
/// wipes the local database, unsent changes included, on every schema change.) It runs on a connection of its own,
/// not through EF Core, so opening a store does not wait for EF Core's first use.
/// </summary>
internal sealed class LocalSchemaMigrator(ModelCatalog catalog, ILogger logger)
{
    public const string SchemaHashKey = "schema-hash";

    public async Task MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // WAL lets readers run while one writer commits.
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var statement in SystemTables)
        {
            await ExecuteAsync(connection, statement, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (table, column, type) in AddedSystemColumns)
        {
            if (!(await ColumnsAsync(connection, table, cancellationToken).ConfigureAwait(false)).Any(c => c.Name == column))
            {
                await ExecuteAsync(connection, $"ALTER TABLE {table} ADD COLUMN \"{column}\" {type};", cancellationToken).ConfigureAwait(false);
            }
        }

        var hash = SchemaHash();
        var stored = await FirstColumnAsync(connection, $"SELECT \"Value\" FROM {LocalDbContext.SettingsTable} WHERE \"Key\" = '{SchemaHashKey}';", cancellationToken).ConfigureAwait(false);
        if (stored is not [var storedHash] || storedHash != hash)
        {
            foreach (var model in catalog.Models)
            {
                await MigrateTableAsync(connection, model.Definition, hash, cancellationToken).ConfigureAwait(false);
            }

            foreach (var index in Indexes())
            {
                await ExecuteAsync(connection, index, cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, $"INSERT INTO {LocalDbContext.SettingsTable} (\"Key\", \"Value\") VALUES ('{SchemaHashKey}', '{hash}') ON CONFLICT (\"Key\") DO UPDATE SET \"Value\" = excluded.\"Value\";", cancellationToken).ConfigureAwait(false);
            logger.LogInformation(EventIds.SchemaMigrated, "Local database brought to schema {SchemaHash} ({ModelCount} models)", hash, catalog.Schema.Models.Count);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static readonly string[] SystemTables =
    [
        $"""
        CREATE TABLE IF NOT EXISTS {LocalDbContext.OutboxTable} (
            "Sequence" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "ModelName" TEXT NOT NULL, "ModelId" TEXT NOT NULL,
            "Operation" TEXT NOT NULL, "Data" TEXT NOT NULL, "Condition" TEXT NULL, "InFlight" INTEGER NOT NULL DEFAULT 0,
            "CreatedAt" INTEGER NOT NULL, "Attempts" INTEGER NOT NULL DEFAULT 0, "Failed" INTEGER NOT NULL DEFAULT 0,
            "ErrorType" TEXT NULL, "ErrorMessage" TEXT NULL);
        """,
        $"CREATE INDEX IF NOT EXISTS ix_stratus_outbox_record ON {LocalDbContext.OutboxTable} (\"ModelName\", \"ModelId\");",
        $"""
        CREATE TABLE IF NOT EXISTS {LocalDbContext.MetadataTable} (
            "ModelName" TEXT NOT NULL, "ModelId" TEXT NOT NULL, "Version" INTEGER NULL, "Deleted" INTEGER NOT NULL DEFAULT 0,
            "LastChangedAt" INTEGER NULL, PRIMARY KEY ("ModelName", "ModelId")) WITHOUT ROWID;
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {LocalDbContext.SyncTable} (
            "ModelName" TEXT NOT NULL PRIMARY KEY, "LastSync" INTEGER NULL, "LastFullSync" INTEGER NULL, "SyncExpressionHash" TEXT NULL,
            "LastFullSyncAt" INTEGER NULL);
        """,
        $"CREATE TABLE IF NOT EXISTS {LocalDbContext.SettingsTable} (\"Key\" TEXT NOT NULL PRIMARY KEY, \"Value\" TEXT NOT NULL);",
    ];

    /// <summary>System columns added since the first release, for databases made before them.</summary>
    private static readonly (string Table, string Column, string Type)[] AddedSystemColumns =
    [
        (LocalDbContext.OutboxTable, "Attempts", "INTEGER NOT NULL DEFAULT 0"),
        (LocalDbContext.OutboxTable, "Failed", "INTEGER NOT NULL DEFAULT 0"),
        (LocalDbContext.OutboxTable, "ErrorType", "TEXT NULL"),
        (LocalDbContext.OutboxTable, "ErrorMessage", "TEXT NULL"),
        (LocalDbContext.SyncTable, "LastFullSyncAt", "INTEGER NULL"),
    ];

    private string SchemaHash() =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(catalog.Registry.SchemaText)))[..16];

    private async Task MigrateTableAsync(DbConnection connection, ModelDefinition model, string hash, CancellationToken cancellationToken)
    {
        var existing = await ColumnsAsync(connection, model.Name, cancellationToken).ConfigureAwait(false);
        if (existing.Count == 0)
        {
            await ExecuteAsync(connection, CreateTable(model, model.Name), cancellationToken).ConfigureAwait(false);
            return;
        }

        var keys = model.PrimaryKey.AllFields.ToList();
        var existingKeys = existing.Where(c => c.KeyOrder > 0).OrderBy(c => c.KeyOrder).Select(c => c.Name).ToList();
        if (!existingKeys.SequenceEqual(keys, StringComparer.Ordinal))
        {
            await RebuildAsync(connection, model, existing, hash, cancellationToken).ConfigureAwait(false);
            return;
        }

        var names = existing.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var field in model.StoredFields.Where(f => !names.Contains(f.Name)))
        {
            await ExecuteAsync(connection, $"ALTER TABLE \"{model.Name}\" ADD COLUMN \"{field.Name}\" {Affinity(field)} NULL;", cancellationToken).ConfigureAwait(false);
            logger.LogInformation(EventIds.ColumnAdded, "Added column {Model}.{Field}", model.Name, field.Name);
        }

        // A field that is new and required, or became required, gets its @default or its type's empty value in
        // the rows that lack it: otherwise those rows could not be read into their non-nullable property.
        foreach (var field in model.StoredFields.Where(f => f.IsRequired && !f.IsReadOnly && !f.IsImplicit && !model.PrimaryKey.AllFields.Contains(f.Name)))
        {
            var filled = await ExecuteAsync(connection, $"UPDATE \"{model.Name}\" SET \"{field.Name}\" = {Fill(field)} WHERE \"{field.Name}\" IS NULL;", cancellationToken).ConfigureAwait(false);
            if (filled > 0)
            {
                logger.LogWarning(EventIds.ColumnFilled, "{Model}.{Field} is now required: {Count} stored rows got {Value}", model.Name, field.Name, filled, Fill(field));
            }
        }
    }

    /// <summary>The SQL literal a newly required field is filled with.</summary>
    private string Fill(FieldDefinition field)
    {
        if (field.IsList)
        {
            return "'[]'";
        }

        if (field.Kind == FieldKind.Enum)
        {
            var first = catalog.Schema.Enums.First(e => e.Name == field.TypeName).Values[0];
            return Literal(field.DefaultValue ?? first);
        }

        if (field.Kind == FieldKind.Embedded)
        {
            return "'{}'";
        }

        return field.Scalar switch
        {
            ScalarType.Int or ScalarType.AWSTimestamp => long.TryParse(field.DefaultValue, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0",
            ScalarType.Float => double.TryParse(field.DefaultValue, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "0",
            ScalarType.Boolean => field.DefaultValue == "true" ? "1" : "0",
            ScalarType.AWSDate => Literal(StoredValues.DateText(DateOnly.MinValue)),
            ScalarType.AWSTime => Literal(default(AwsTime).ToString()),
            ScalarType.AWSDateTime => Literal(new AwsDateTime(DateTimeOffset.UnixEpoch).ToString()),
            _ => Literal(field.DefaultValue ?? ""),
        };
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A changed key: the table is recreated and every row whose new key is complete is copied over.</summary>
    private async Task RebuildAsync(DbConnection connection, ModelDefinition model, IReadOnlyList<Column> existing, string hash, CancellationToken cancellationToken)
    {
        // Named after the schema it is left by, so a later key change never meets an earlier kept-aside table.
        var previous = $"{model.Name}__before_{hash}";
        await ExecuteAsync(connection, $"ALTER TABLE \"{model.Name}\" RENAME TO \"{previous}\";", cancellationToken).ConfigureAwait(false);
        // Its indexes keep their names through the rename; drop them so the new table gets its own.
        foreach (var index in await FirstColumnAsync(connection, $"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '{previous}' AND sql IS NOT NULL;", cancellationToken).ConfigureAwait(false))
        {
            await ExecuteAsync(connection, $"DROP INDEX {Quote(index)};", cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, CreateTable(model, model.Name), cancellationToken).ConfigureAwait(false);
        var names = existing.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var common = string.Join(", ", model.StoredFields.Where(f => names.Contains(f.Name)).Select(f => $"\"{f.Name}\""));
        var keysPresent = model.PrimaryKey.AllFields.All(names.Contains);
        var copied = !keysPresent ? 0 : await ExecuteAsync(connection,
            $"INSERT OR IGNORE INTO \"{model.Name}\" ({common}) SELECT {common} FROM \"{previous}\" WHERE "
            + string.Join(" AND ", model.PrimaryKey.AllFields.Select(k => $"\"{k}\" IS NOT NULL")) + ";", cancellationToken).ConfigureAwait(false);
        var left = await ScalarAsync(connection, $"SELECT COUNT(*) FROM \"{previous}\";", cancellationToken).ConfigureAwait(false) - copied;
        if (left == 0)
        {
            await ExecuteAsync(connection, $"DROP TABLE \"{previous}\";", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Rows that cannot take the new key are kept, not dropped, for the app to recover.
            logger.LogWarning(EventIds.RowsKeptAside, "{Model}: the key changed and {Count} rows lack the new key; they stay in table {Table}", model.Name, left, previous);
        }
    }

    private static string CreateTable(ModelDefinition model, string table)
    {
        var keys = model.PrimaryKey.AllFields.ToHashSet(StringComparer.Ordinal);
        var columns = model.StoredFields.Select(f => $"\"{f.Name}\" {Affinity(f)} {(keys.Contains(f.Name) ? "NOT NULL" : "NULL")}");
        return $"CREATE TABLE \"{table}\" ({string.Join(", ", columns)}, PRIMARY KEY ({string.Join(", ", model.PrimaryKey.AllFields.Select(k => $"\"{k}\""))}));";
    }

    /// <summary>An index per <c>@index</c>, and one on every hasMany's foreign key (children lookups and cascades).</summary>
    private IEnumerable<string> Indexes()
    {
        foreach (var model in catalog.Schema.Models)
        {
            foreach (var index in model.Indexes)
            {
                yield return Index(model.Name, index.Name, index.SortKeyFields.Prepend(index.PartitionField));
            }

            foreach (var relationship in model.Fields.Select(f => f.Relationship).OfType<RelationshipDefinition>().Where(r => r.Kind == RelationshipKind.HasMany))
            {
                yield return Index(relationship.RelatedModel, "fk_" + string.Join("_", relationship.RelatedFields), relationship.RelatedFields);
            }
        }
    }

    private static string Index(string model, string name, IEnumerable<string> fields) =>
        $"CREATE INDEX IF NOT EXISTS {Quote($"ix_{model}_{name}")} ON \"{model}\" ({string.Join(", ", fields.Select(f => $"\"{f}\""))});";

    private static string Affinity(FieldDefinition field) =>
        field.IsList || field.Kind != FieldKind.Scalar ? "TEXT" : FilterInputNames.ScalarFamily(field.Scalar!.Value) switch
        {
            "Int" or "Boolean" => "INTEGER",
            "Float" => "REAL",
            _ => "TEXT",
        };

    private static async Task<IReadOnlyList<Column>> ColumnsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, pk FROM pragma_table_info($table);";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$table";
        parameter.Value = table;
        command.Parameters.Add(parameter);
        var columns = new List<Column>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            columns.Add(new Column(reader.GetString(0), reader.GetInt32(1)));
        }

        return columns;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<string>> FirstColumnAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record Column(string Name, int KeyOrder);
}
