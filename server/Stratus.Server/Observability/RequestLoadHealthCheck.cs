using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Stratus.Server.Hosting;

namespace Stratus.Server.Observability;

/// <summary>
/// Readiness under load: degraded while more requests run than <see cref="StratusOptions.DegradedRunningRequests"/>,
/// while one has run longer than <see cref="StratusOptions.DegradedRequestSeconds"/> (a stuck request, a pinned
/// core), or while the thread pool has more work queued than <see cref="StratusOptions.DegradedThreadPoolQueue"/>
/// (starvation), so an orchestrator can route around the replica or restart it.
/// </summary>
internal sealed class RequestLoadHealthCheck(RequestLoad load, IOptions<StratusOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limits = options.Value;
        var (running, oldest) = load.Snapshot();
        var queued = ThreadPool.PendingWorkItemCount;
        var data = new Dictionary<string, object>
        {
            ["runningRequests"] = running,
            ["oldestRequestSeconds"] = Math.Round(oldest.TotalSeconds, 1),
            ["threadPoolQueue"] = queued,
        };
        var problem = oldest.TotalSeconds > limits.DegradedRequestSeconds
            ? $"a request has run for {oldest.TotalSeconds:0} s ({nameof(StratusOptions.DegradedRequestSeconds)} is {limits.DegradedRequestSeconds})"
            : running > limits.DegradedRunningRequests
                ? $"{running} requests are running ({nameof(StratusOptions.DegradedRunningRequests)} is {limits.DegradedRunningRequests})"
                : queued > limits.DegradedThreadPoolQueue
                    ? $"{queued} work items wait for a thread ({nameof(StratusOptions.DegradedThreadPoolQueue)} is {limits.DegradedThreadPoolQueue})"
                    : null;
        return Task.FromResult(problem is null
            ? HealthCheckResult.Healthy($"{running} requests running.", data)
            : HealthCheckResult.Degraded("Overloaded: " + problem + ".", data: data));
    }
}
