using Stratus.Server.Tests.Infrastructure;
using Testcontainers.PostgreSql;

namespace Stratus.Deployment.Tests;

/// <summary>
/// A PostgreSQL of the test's own that can be stopped and started again on the same port: a container with a pinned
/// loopback port when a Docker engine answers, else a throwaway cluster from the PostgreSQL binaries.
/// </summary>
internal sealed class StoppablePostgres : IAsyncDisposable
{
    private readonly PostgreSqlContainer? _container;
    private readonly PostgresServer.LocalCluster? _cluster;

    private StoppablePostgres(string connectionString, PostgreSqlContainer? container, PostgresServer.LocalCluster? cluster)
    {
        ConnectionString = connectionString;
        _container = container;
        _cluster = cluster;
    }

    public string ConnectionString { get; }

    public static async Task<StoppablePostgres> StartAsync()
    {
        try
        {
            var container = PostgresServer.BuildContainer(StratusProcess.FreePort());
            await container.StartAsync();
            // Short timeouts so a stopped database is noticed quickly.
            return new StoppablePostgres(container.GetConnectionString() + ";Timeout=3;Command Timeout=3", container, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var cluster = await PostgresServer.LocalCluster.StartAsync();
            return new StoppablePostgres(cluster.ConnectionString + ";Timeout=3;Command Timeout=3", null, cluster);
        }
    }

    public Task StopAsync() => _container is not null ? _container.StopAsync() : _cluster!.StopAsync();

    public Task StartAgainAsync() => _container is not null ? _container.StartAsync() : _cluster!.StartAgainAsync();

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
