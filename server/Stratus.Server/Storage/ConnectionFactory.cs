using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Stratus.Server.Hosting;

namespace Stratus.Server.Storage;

/// <summary>
/// Opens pooled ADO.NET connections for the item store's hot path. EF Core owns the schema (tables, the sweeper,
/// settings); per-request reads and writes skip its connection setup, which costs more than the query itself.
/// </summary>
public sealed class ConnectionFactory : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string _connectionString;

    public ConnectionFactory(IOptions<StratusOptions> options)
    {
        _connectionString = options.Value.Database;
        if (StratusServiceCollectionExtensions.IsPostgres(_connectionString))
        {
            _postgres = NpgsqlDataSource.Create(PoolSettings(_connectionString));
        }
    }

    /// <summary>
    /// The connection string the pool uses: the store sends the same few statements over and over, so Npgsql
    /// prepares them (Max Auto Prepare 64) unless the connection string sets automatic preparation itself.
    /// </summary>
    public static string PoolSettings(string postgresConnectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(postgresConnectionString);
        if (!postgresConnectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !postgresConnectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    private long _opened;

    /// <summary>How many connections were opened: one per store operation, so it counts database round trips of requests.</summary>
    public long Opened => Interlocked.Read(ref _opened);

    /// <summary>The PostgreSQL data source, or null on SQLite (for LISTEN/NOTIFY).</summary>
    public NpgsqlDataSource? Postgres => _postgres;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _opened);
        DbConnection connection = _postgres is not null ? _postgres.CreateConnection() : new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
