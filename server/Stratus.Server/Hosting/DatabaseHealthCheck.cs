using Microsoft.Extensions.Diagnostics.HealthChecks;
using Stratus.Server.Storage;

namespace Stratus.Server.Hosting;

/// <summary>Readiness: the database answers within a few seconds and has every migration applied.</summary>
internal sealed class DatabaseHealthCheck(ItemStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            return await store.IsReadyAsync(timeout.Token)
                ? HealthCheckResult.Healthy("Database reachable; migrations applied.")
                : HealthCheckResult.Unhealthy("Database reachable, but migrations are pending.");
        }
        catch (Exception e) when (e is OperationCanceledException or System.Data.Common.DbException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable: " + e.GetBaseException().Message);
        }
    }
}
