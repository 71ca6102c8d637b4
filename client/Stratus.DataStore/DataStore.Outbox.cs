using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Stratus.DataStore.Outbox;

namespace Stratus.DataStore;

public sealed partial class DataStore
{
    /// <summary>The outbox in send order: every local change the server has not confirmed yet.</summary>
    public async Task<IReadOnlyList<PendingMutation>> GetPendingMutationsAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await using var db = NewContext();
        var entries = await db.Outbox.AsNoTracking().OrderBy(o => o.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false);
        return
        [
            .. entries.Select(e => new PendingMutation(
                e.Sequence,
                e.ModelName,
                e.ModelId,
                e.Operation,
                JsonNode.Parse(e.Data)!.AsObject(),
                e.Condition is null ? null : JsonNode.Parse(e.Condition)!.AsObject(),
                e.InFlight,
                DateTimeOffset.FromUnixTimeMilliseconds(e.CreatedAt))),
        ];
    }
}
