using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stratus.Server.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "stratus_clocks",
                columns: table => new
                {
                    model = table.Column<string>(type: "TEXT", nullable: false),
                    last_stamp = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stratus_clocks", x => x.model);
                });

            migrationBuilder.CreateTable(
                name: "stratus_deltas",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    model = table.Column<string>(type: "TEXT", nullable: false),
                    pk = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    deleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    last_changed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stratus_deltas", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stratus_items",
                columns: table => new
                {
                    model = table.Column<string>(type: "TEXT", nullable: false),
                    pk = table.Column<string>(type: "TEXT", nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    deleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    last_changed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ttl = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stratus_items", x => new { x.model, x.pk });
                });

            migrationBuilder.CreateTable(
                name: "stratus_settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stratus_settings", x => x.key);
                });

            migrationBuilder.CreateIndex(
                name: "ix_deltas_expires",
                table: "stratus_deltas",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_deltas_model_changed",
                table: "stratus_deltas",
                columns: new[] { "model", "last_changed_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_items_model_changed",
                table: "stratus_items",
                columns: new[] { "model", "last_changed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_items_ttl",
                table: "stratus_items",
                column: "ttl");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stratus_clocks");

            migrationBuilder.DropTable(
                name: "stratus_deltas");

            migrationBuilder.DropTable(
                name: "stratus_items");

            migrationBuilder.DropTable(
                name: "stratus_settings");
        }
    }
}
