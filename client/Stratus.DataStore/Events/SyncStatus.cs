using System.Collections.Concurrent;

namespace Stratus.DataStore.Events;

/// <summary>
/// Which models have finished syncing in this session: what <see cref="QuerySnapshot{T}.IsSynced"/> reports
/// and what decides whether <c>ObserveQuery</c> batches changes. With no endpoint (local-only mode) every model
/// counts as synced; the sync engine clears <see cref="LocalOnly"/> and marks models as their sync completes.
/// </summary>
internal sealed class SyncStatus
{
    private readonly ConcurrentDictionary<string, bool> _synced = new(StringComparer.Ordinal);

    public bool LocalOnly { get; set; } = true;

    public bool IsSynced(string model) => LocalOnly || _synced.ContainsKey(model);

    public void MarkSynced(string model) => _synced[model] = true;

    /// <summary>After a clear nothing is synced any more.</summary>
    public void Reset() => _synced.Clear();
}
