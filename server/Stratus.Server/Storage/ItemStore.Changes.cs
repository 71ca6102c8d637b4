using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Stratus.Server.Storage;

public sealed partial class ItemStore
{
    /// <summary>Every model's last change stamp (its clock), as committed now; models never written are absent.</summary>
    public async Task<Dictionary<string, long>> ChangeStampsAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Clocks.AsNoTracking().ToDictionaryAsync(c => c.Model, c => c.LastStamp, StringComparer.Ordinal, cancellationToken);
    }

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
