using Microsoft.Extensions.Options;
using Stratus.Server.Hosting;
using Stratus.Server.Realtime.Bus.Postgres;

namespace Stratus.Server.Realtime.Bus;

/// <summary>Starts the PostgreSQL backplane's LISTEN before the server accepts requests, when it is the chosen bus.</summary>
internal sealed class SubscriptionBusStarter(IServiceProvider services, IOptions<StratusOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.SubscriptionBus == SubscriptionBusKind.Postgres
            ? services.GetRequiredService<PostgresSubscriptionBus>().StartAsync(cancellationToken)
            : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
