using Stratus.Server.Hosting;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Stratus.Server.Observability;

/// <summary>
/// Stratus's own metrics (meter <c>Stratus</c>) and traces (activity source <c>Stratus</c>): resolver latency,
/// conflicts by strategy and outcome, sync pages served, open real-time connections and subscriptions. HTTP request
/// metrics and traces come from ASP.NET Core's instrumentation.
/// </summary>
public sealed class StratusTelemetry : IDisposable
{
    public const string Name = "Stratus";

    private readonly Meter _meter;

    public StratusTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        ResolverDuration = _meter.CreateHistogram<double>("stratus.resolver.duration", "ms", "Time spent in a root query or mutation resolver.");
        Conflicts = _meter.CreateCounter<long>("stratus.conflicts", "{conflict}", "Writes whose _version did not match, by model, strategy and outcome.");
        SyncPages = _meter.CreateCounter<long>("stratus.sync.pages", "{page}", "syncX pages served, by model and kind (base or delta).");
        RealtimeConnections = _meter.CreateUpDownCounter<long>("stratus.realtime.connections", "{connection}", "Open real-time WebSocket connections.");
        Subscriptions = _meter.CreateUpDownCounter<long>("stratus.realtime.subscriptions", "{subscription}", "Active real-time subscriptions.");
    }

    public ActivitySource Tracing { get; } = new(Name);

    public Histogram<double> ResolverDuration { get; }

    public Counter<long> Conflicts { get; }

    public Counter<long> SyncPages { get; }

    public UpDownCounter<long> RealtimeConnections { get; }

    public UpDownCounter<long> Subscriptions { get; }

    public void Conflict(string model, Hosting.ConflictHandlerKind strategy, string outcome) =>
        Conflicts.Add(1, new KeyValuePair<string, object?>("model", model), new("strategy", strategy.ToString().ToUpperInvariant()), new("outcome", outcome));

    public void Dispose()
    {
        Tracing.Dispose();
        _meter.Dispose();
    }
}
