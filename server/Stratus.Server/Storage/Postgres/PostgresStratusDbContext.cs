using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Stratus.Server.Storage.Postgres;

/// <summary>The PostgreSQL flavour of the tables (jsonb data, "C" collation keys); migrations in <c>Storage/Postgres/Migrations</c>.</summary>
public sealed class PostgresStratusDbContext(DbContextOptions<PostgresStratusDbContext> options) : StratusDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add --context PostgresStratusDbContext</c> build the model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresStratusDbContext>
{
    public PostgresStratusDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresStratusDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
