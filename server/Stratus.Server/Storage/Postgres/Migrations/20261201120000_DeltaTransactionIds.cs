using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Stratus.Server.Storage.Postgres.Migrations;

/// <summary>
/// Each delta row records the id of the transaction that wrote it, so the real-time backplane can tell which changes
/// committed between two snapshots (<c>pg_visible_in_snapshot</c>). The column is filled by its default and read
/// only by SQL, so it is not part of the EF Core model.
/// </summary>
[DbContext(typeof(PostgresStratusDbContext))]
[Migration("20261201120000_DeltaTransactionIds")]
public sealed class DeltaTransactionIds : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("ALTER TABLE stratus_deltas ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()");
        migrationBuilder.Sql("CREATE INDEX \"IX_stratus_deltas_xid\" ON stratus_deltas (xid)");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP INDEX \"IX_stratus_deltas_xid\"");
        migrationBuilder.Sql("ALTER TABLE stratus_deltas DROP COLUMN xid");
    }
}
