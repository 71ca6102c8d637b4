using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stratus.Server.Hosting;
using Stratus.Server.Storage.Postgres;
using Stratus.Server.Storage.Sqlite;

namespace Stratus.Server.Storage;

/// <summary>
/// Creates the provider's <see cref="StratusDbContext"/>, chosen by the connection string. On PostgreSQL it uses the
/// store's own connection pool (<see cref="ConnectionFactory.Postgres"/>), so a server holds one pool, closed with it.
/// </summary>
public sealed class StratusDbContextFactory : IDbContextFactory<StratusDbContext>
{
    private readonly Func<StratusDbContext> _create;

    public StratusDbContextFactory(IOptions<StratusOptions> options, ConnectionFactory connections)
    {
        var connection = options.Value.Database;
        if (connections.Postgres is { } source)
        {
            var postgres = new DbContextOptionsBuilder<PostgresStratusDbContext>().UseNpgsql(source).Options;
            _create = () => new PostgresStratusDbContext(postgres);
        }
        else
        {
            var sqlite = new DbContextOptionsBuilder<SqliteStratusDbContext>().UseSqlite(connection).Options;
            _create = () => new SqliteStratusDbContext(sqlite);
        }
    }

    public StratusDbContext CreateDbContext() => _create();
}
