using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Stratus.Server.Storage.Sqlite;

/// <summary>The SQLite flavour of the tables; its migrations live in <c>Storage/Sqlite/Migrations</c>.</summary>
public sealed class SqliteStratusDbContext(DbContextOptions<SqliteStratusDbContext> options) : StratusDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add --context SqliteStratusDbContext</c> build the model without a server.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteStratusDbContext>
{
    public SqliteStratusDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteStratusDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
