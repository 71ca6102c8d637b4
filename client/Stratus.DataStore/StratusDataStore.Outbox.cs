using Microsoft.EntityFrameworkCore;
using Stratus.DataStore.Sync.Outbox;

namespace Stratus.DataStore;

public sealed partial class StratusDataStore
{
    /// <summary>The outbox in send order: every local change the server has not confirmed yet, failed ones included.</summary>
    public Task<IReadOnlyList<PendingMutation>> GetPendingMutationsAsync(CancellationToken cancellationToken = default) =>
        OutboxAsync(failedOnly: false, cancellationToken);

    /// <summary>The changes the server refused for good; each stays until <see cref="RetryFailedMutationAsync"/> or <see cref="DiscardFailedMutationAsync"/>.</summary>
    public Task<IReadOnlyList<PendingMutation>> GetFailedMutationsAsync(CancellationToken cancellationToken = default) =>
        OutboxAsync(failedOnly: true, cancellationToken);

    private async Task<IReadOnlyList<PendingMutation>> OutboxAsync(bool failedOnly, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var db = NewContext();
        var entries = await db.Outbox.AsNoTracking().Where(o => !failedOnly || o.Failed).OrderBy(o => o.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(PendingMutation.From)];
    }
}
