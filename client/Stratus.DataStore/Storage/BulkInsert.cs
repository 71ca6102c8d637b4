using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Stratus.DataStore.Storage;

/// <summary>
/// Inserts new rows of mapped entities with one prepared statement per table, inside the write's transaction and
/// without change tracking: the path a sync page into an empty store takes, where EF Core's per-entity tracking
/// would cost more than the insert itself. Columns, names and value conversions come from the EF Core model, so a
/// row lands exactly as <c>SaveChanges</c> would have written it.
/// </summary>
internal static class BulkInsert
{
    public static async Task InsertAsync(LocalDbContext db, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside the store's write transaction.");
        foreach (var group in rows.GroupBy(r => r.GetType()))
        {
            var entity = db.Model.FindEntityType(group.Key) ?? throw new InvalidOperationException($"{group.Key.Name} is not a mapped entity.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = entity.GetProperties().Select(p => (Property: p, Column: p.GetColumnName(table)!, Getter: p.GetGetter(), Converter: p.GetTypeMapping().Converter)).ToList();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
            var parameters = columns.Select((_, i) =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i;
                command.Parameters.Add(parameter);
                return parameter;
            }).ToList();
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in group)
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    var value = columns[i].Getter.GetClrValue(row);
                    parameters[i].Value = (value is null ? null : columns[i].Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
                }

                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
