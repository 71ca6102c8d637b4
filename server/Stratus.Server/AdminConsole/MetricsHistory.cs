using System.Diagnostics.Metrics;

namespace Stratus.Server.AdminConsole;

/// <summary>One minute of the server's metrics as the console charts them.</summary>
public sealed record MetricsMinute(DateTimeOffset Minute, long Requests, double? P99Milliseconds, long Mutations, long SyncPages, long Connections, IReadOnlyDictionary<string, long> Conflicts);

/// <summary>
/// The last hour of this server's own meters, a minute at a time: HTTP requests and their p99 latency (ASP.NET
/// Core's <c>http.server.request.duration</c>), mutations and sync pages, conflicts by outcome, and open real-time
/// connections. Read from the meters the server already publishes (and exports over OTLP or Prometheus), through a
/// <see cref="MeterListener"/> that only hears this server's meters.
/// </summary>
public sealed class MetricsHistory : IDisposable
{
    private const int Minutes = 60;
    private const int LatencySamplesPerMinute = 4096;
    private readonly MeterListener _listener = new();
    private readonly Bucket[] _buckets = new Bucket[Minutes];
    private readonly TimeProvider _time;
    private long _connections;

    public MetricsHistory(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        for (var i = 0; i < Minutes; i++)
        {
            _buckets[i] = new Bucket();
        }

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name is "http.server.request.duration" or "stratus.resolver.duration"
                or "stratus.conflicts" or "stratus.sync.pages" or "stratus.realtime.connections")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnDouble);
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.Start();
    }

    /// <summary>The last hour, oldest minute first; minutes without traffic are zeros.</summary>
    public IReadOnlyList<MetricsMinute> LastHour()
    {
        var now = MinuteOf(_time.GetUtcNow());
        var minutes = new List<MetricsMinute>(Minutes);
        long? open = null;
        for (var minute = now - Minutes + 1; minute <= now; minute++)
        {
            // A quiet minute kept the connections the last busy one left open.
            var at = DateTimeOffset.FromUnixTimeSeconds(minute * 60);
            var snapshot = _buckets[(int)(minute % Minutes)].Snapshot(minute)
                ?? new MetricsMinute(at, 0, null, 0, 0, open ?? 0, new Dictionary<string, long>());
            open = snapshot.Connections;
            minutes.Add(snapshot);
        }

        minutes[^1] = minutes[^1] with { Connections = Math.Max(minutes[^1].Connections, Interlocked.Read(ref _connections)) };
        return minutes;
    }

    public void Dispose() => _listener.Dispose();

    private static long MinuteOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;

    private Bucket Current(out long minute)
    {
        minute = MinuteOf(_time.GetUtcNow());
        var bucket = _buckets[(int)(minute % Minutes)];
        bucket.Claim(minute, Interlocked.Read(ref _connections));
        return bucket;
    }

    private void OnDouble(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var bucket = Current(out _);
        if (instrument.Name == "http.server.request.duration")
        {
            bucket.Request(value * 1000);
        }
        else if (Tag(tags, "type") as string == "Mutation")
        {
            bucket.Mutation();
        }
    }

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case "stratus.realtime.connections":
                Current(out _).Connections(Interlocked.Add(ref _connections, value));
                break;
            case "stratus.sync.pages":
                Current(out _).SyncPage();
                break;
            default:
                Current(out _).Conflict(Tag(tags, "outcome") as string ?? "unknown");
                break;
        }
    }

    private static object? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value;
            }
        }

        return null;
    }

    /// <summary>One minute's counts; reused when its slot comes round again an hour later.</summary>
    private sealed class Bucket
    {
        private readonly Lock _gate = new();
        private readonly List<double> _latencies = [];
        private readonly Dictionary<string, long> _conflicts = new(StringComparer.Ordinal);
        private long _minute = -1;
        private long _requests;
        private long _mutations;
        private long _syncPages;
        private long _connections;

        public void Claim(long minute, long connections)
        {
            lock (_gate)
            {
                if (_minute == minute)
                {
                    return;
                }

                _minute = minute;
                _latencies.Clear();
                _conflicts.Clear();
                _requests = _mutations = _syncPages = 0;
                _connections = connections;
            }
        }

        public void Request(double milliseconds)
        {
            lock (_gate)
            {
                _requests++;
                if (_latencies.Count < LatencySamplesPerMinute)
                {
                    _latencies.Add(milliseconds);
                }
            }
        }

        public void Mutation()
        {
            lock (_gate)
            {
                _mutations++;
            }
        }

        public void SyncPage()
        {
            lock (_gate)
            {
                _syncPages++;
            }
        }

        public void Connections(long open)
        {
            lock (_gate)
            {
                _connections = Math.Max(_connections, open);
            }
        }

        public void Conflict(string outcome)
        {
            lock (_gate)
            {
                _conflicts[outcome] = _conflicts.GetValueOrDefault(outcome) + 1;
            }
        }

        /// <summary>The minute's counts, or null when nothing was measured in it.</summary>
        public MetricsMinute? Snapshot(long minute)
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(minute * 60);
            lock (_gate)
            {
                if (_minute != minute)
                {
                    return null;
                }

                double? p99 = null;
                if (_latencies.Count > 0)
                {
                    var sorted = _latencies.Order().ToList();
                    p99 = sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * 0.99) - 1)];
                }

                return new MetricsMinute(at, _requests, p99, _mutations, _syncPages, _connections, new Dictionary<string, long>(_conflicts));
            }
        }
    }
}
