using System.Collections.Concurrent;

namespace Stratus.Server.Observability;

/// <summary>The GraphQL requests running now (HTTP and real-time starts) and when each began, for readiness.</summary>
internal sealed class RequestLoad(TimeProvider time)
{
    private readonly ConcurrentDictionary<long, long> _started = new();
    private long _next;

    /// <summary>Counts a request as running until the returned handle is disposed.</summary>
    public IDisposable Track()
    {
        var id = Interlocked.Increment(ref _next);
        _started[id] = time.GetTimestamp();
        return new Running(this, id);
    }

    /// <summary>How many requests run, and for how long the oldest of them has.</summary>
    public (int Running, TimeSpan Oldest) Snapshot()
    {
        var starts = _started.Values.ToArray();
        return (starts.Length, starts.Length == 0 ? TimeSpan.Zero : time.GetElapsedTime(starts.Min()));
    }

    private sealed class Running(RequestLoad load, long id) : IDisposable
    {
        public void Dispose() => load._started.TryRemove(id, out _);
    }
}
