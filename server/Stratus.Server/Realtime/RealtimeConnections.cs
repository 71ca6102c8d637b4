using System.Collections.Concurrent;

namespace Stratus.Server.Realtime;

/// <summary>One open real-time connection as the console shows it.</summary>
public sealed record RealtimeConnectionInfo(string Id, string? Caller, DateTimeOffset OpenedAt, IReadOnlyList<string> Subscriptions);

/// <summary>The open real-time connections of this process: who holds them, what they subscribe to, and a way to end one.</summary>
public sealed class RealtimeConnections
{
    private readonly ConcurrentDictionary<string, Entry> _open = new(StringComparer.Ordinal);

    public IReadOnlyList<RealtimeConnectionInfo> List() =>
        [.. _open.Values.Select(e => e.Info()).OrderBy(i => i.OpenedAt)];

    /// <summary>Ends the connection with a close frame (it leaves the list at once); false when no such connection is open.</summary>
    public bool Disconnect(string id)
    {
        if (!_open.TryRemove(id, out var entry))
        {
            return false;
        }

        entry.Disconnect();
        return true;
    }

    internal IDisposable Register(string id, DateTimeOffset openedAt, Func<string?> caller, Func<IReadOnlyList<string>> subscriptions, Action disconnect)
    {
        var entry = new Entry(id, openedAt, caller, subscriptions, disconnect);
        _open[id] = entry;
        return new Registration(this, id);
    }

    private sealed record Entry(string Id, DateTimeOffset OpenedAt, Func<string?> Caller, Func<IReadOnlyList<string>> Subscriptions, Action Disconnect)
    {
        public RealtimeConnectionInfo Info() => new(Id, Caller(), OpenedAt, Subscriptions());
    }

    private sealed class Registration(RealtimeConnections owner, string id) : IDisposable
    {
        public void Dispose() => owner._open.TryRemove(id, out _);
    }
}
