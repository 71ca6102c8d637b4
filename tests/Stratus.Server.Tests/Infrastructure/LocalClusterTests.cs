using Npgsql;

namespace Stratus.Server.Tests.Infrastructure;

/// <summary>The initdb/pg_ctl fallback is exercised on its own, so it works on machines without Docker.</summary>
public sealed class LocalClusterTests
{
    [Fact]
    public async Task A_throwaway_cluster_starts_answers_and_is_removed()
    {
        var cluster = await PostgresServer.LocalCluster.StartAsync().DefaultTimeout();
        try
        {
            await using var connection = new NpgsqlConnection(cluster.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int", connection);
            var version = (int)(await command.ExecuteScalarAsync())!;
            Assert.True(version >= 120000, $"server_version_num {version}");
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
