using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Stratus.Server.Storage;

public sealed partial class ItemStore
{
    /// <summary>The item as one change left it: its delta row for <paramref name="version"/>, or null once swept.</summary>
    public async Task<StoredItem?> ChangeAsync(string model, string pk, long version, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await context.Deltas.AsNoTracking()
            .Where(d => d.Model == model && d.Pk == pk && d.Version == version)
            .OrderByDescending(d => d.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new StoredItem(row.Model, row.Pk, (JsonObject)JsonNode.Parse(row.Data)!, row.Version, row.Deleted, row.LastChangedAt, null);
    }
}
