using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Stratus.Schema.AppSync;

namespace Stratus.Testing.Faults;

/// <summary>
/// Faults an app's tests inject into a <see cref="StratusTestServer"/>: failing mutations, latency, dropped real-time
/// connections and offline periods. Each acts on the server's HTTP pipeline, so clients meet them exactly as they
/// would meet a failing network or a failing AppSync resolver.
/// </summary>
public sealed class ServerFaults
{
    /// <summary>AppSync's error type for a write whose <c>_version</c> is stale; the error carries the server's item.</summary>
    public const string ConflictUnhandled = AppSyncErrorType.ConflictUnhandled;

    /// <summary>AppSync's error type for a write the caller may not make.</summary>
    public const string Unauthorized = AppSyncErrorType.Unauthorized;

    /// <summary>Throttling: answered as HTTP 429 <c>LimitExceededException</c>, which clients retry with backoff.</summary>
    public const string Throttled = AppSyncErrorType.LimitExceeded;

    private readonly ConcurrentDictionary<string, FailureBudget> _mutationFailures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<HttpContext, byte> _realtime = new();
    private volatile bool _offline;
    private long _latencyTicks;

    /// <summary>Makes the next <paramref name="count"/> create, update or delete mutations of <paramref name="model"/> fail with <paramref name="errorType"/>.</summary>
    public void FailNextMutations(string model, int count, string errorType)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentException.ThrowIfNullOrWhiteSpace(errorType);
        _mutationFailures[model] = new FailureBudget(errorType, count);
    }

    /// <summary>How many of the failures asked for with <see cref="FailNextMutations"/> are still to come for <paramref name="model"/>.</summary>
    public int PendingMutationFailures(string model) => _mutationFailures.TryGetValue(model, out var budget) ? budget.Remaining : 0;

    /// <summary>A delay added before every request is handled (HTTP and the real-time handshake); zero by default.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(value)) : value.Ticks);
    }

    /// <summary>True while the server refuses every connection (see <see cref="GoOffline"/>).</summary>
    public bool IsOffline => _offline;

    /// <summary>How many real-time connections are open now (a dropped one no longer counts).</summary>
    public int RealtimeConnections => _realtime.Count;

    /// <summary>Drops every open real-time connection at once, as a network change would (no close frame).</summary>
    public int DropRealtimeConnections()
    {
        // A dropped connection stops counting at once, though the server may take a while to finish tearing it down.
        var dropped = 0;
        foreach (var context in _realtime.Keys)
        {
            if (_realtime.TryRemove(context, out _))
            {
                context.Abort();
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>
    /// Takes the server off the network until the returned handle is disposed: open real-time connections are
    /// dropped, and every new request has its connection closed before it is read.
    /// </summary>
    public IDisposable GoOffline()
    {
        _offline = true;
        DropRealtimeConnections();
        return new Online(this);
    }

    /// <summary>Whether any model still has a failure to come, so requests are read only while one is.</summary>
    internal bool HasPendingMutationFailures => _mutationFailures.Values.Any(b => b.Remaining > 0);

    internal bool TryTakeMutationFailure(string model, out string errorType)
    {
        errorType = "";
        if (!_mutationFailures.TryGetValue(model, out var budget) || !budget.TryTake())
        {
            return false;
        }

        errorType = budget.ErrorType;
        return true;
    }

    internal void Track(HttpContext context) => _realtime.TryAdd(context, 0);

    internal void Untrack(HttpContext context) => _realtime.TryRemove(context, out _);

    private sealed class FailureBudget(string errorType, int count)
    {
        private int _remaining = count;

        public string ErrorType => errorType;

        public int Remaining => Volatile.Read(ref _remaining);

        public bool TryTake()
        {
            while (true)
            {
                var remaining = Volatile.Read(ref _remaining);
                if (remaining <= 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _remaining, remaining - 1, remaining) == remaining)
                {
                    return true;
                }
            }
        }
    }

    private sealed class Online(ServerFaults faults) : IDisposable
    {
        public void Dispose() => faults._offline = false;
    }
}
