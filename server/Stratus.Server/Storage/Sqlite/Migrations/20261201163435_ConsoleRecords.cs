using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stratus.Server.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ConsoleRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "stratus_admin_credentials",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    hash = table.Column<string>(type: "TEXT", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stratus_admin_credentials", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stratus_conflicts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    model = table.Column<string>(type: "TEXT", nullable: false),
                    pk = table.Column<string>(type: "TEXT", nullable: false),
                    operation = table.Column<string>(type: "TEXT", nullable: false),
                    strategy = table.Column<string>(type: "TEXT", nullable: false),
                    outcome = table.Column<string>(type: "TEXT", nullable: false),
                    incoming = table.Column<string>(type: "TEXT", nullable: false),
                    server_item = table.Column<string>(type: "TEXT", nullable: false),
                    caller = table.Column<string>(type: "TEXT", nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stratus_conflicts", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_admin_credentials_hash",
                table: "stratus_admin_credentials",
                column: "hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_conflicts_at",
                table: "stratus_conflicts",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_conflicts_model_at",
                table: "stratus_conflicts",
                columns: new[] { "model", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stratus_admin_credentials");

            migrationBuilder.DropTable(
                name: "stratus_conflicts");
        }
    }
}
