using Microsoft.Extensions.Options;
using Stratus.Server.Hosting;
using Stratus.Server.Storage;

namespace Stratus.Server.Sync;

/// <summary>Removes expired tombstones (BaseTableTTL) and delta rows (DeltaSyncTableTTL) on a <see cref="TimeProvider"/> timer.</summary>
internal sealed class Sweeper(ItemStore store, TimeProvider time, IOptions<StratusOptions> options, ILogger<Sweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepInterval), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var (tombstones, deltas) = await store.SweepAsync(time.GetUtcNow(), stoppingToken);
                if (tombstones + deltas > 0)
                {
                    logger.Swept(tombstones, deltas);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sweeping expired rows failed; retrying at the next interval");
            }
        }
    }
}
