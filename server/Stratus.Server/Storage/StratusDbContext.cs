using Microsoft.EntityFrameworkCore;

namespace Stratus.Server.Storage;

/// <summary>
/// The server's tables, managed by EF Core migrations (one set per provider: <see cref="Sqlite.SqliteStratusDbContext"/>,
/// <see cref="Postgres.PostgresStratusDbContext"/>). Queries with dynamic filters go through <see cref="ItemStore"/>'s SQL.
/// </summary>
public abstract class StratusDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ItemRecord> Items => Set<ItemRecord>();

    public DbSet<DeltaRecord> Deltas => Set<DeltaRecord>();

    public DbSet<ClockRecord> Clocks => Set<ClockRecord>();

    public DbSet<SettingRecord> Settings => Set<SettingRecord>();

    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();

    public DbSet<ConflictRecord> Conflicts => Set<ConflictRecord>();

    public DbSet<AdminCredentialRecord> AdminCredentials => Set<AdminCredentialRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var jsonType = Database.IsNpgsql() ? "jsonb" : "TEXT";
        modelBuilder.Entity<ItemRecord>(e =>
        {
            e.ToTable("stratus_items");
            e.HasKey(x => new { x.Model, x.Pk });
            e.Property(x => x.Model).HasColumnName("model");
            var pk = e.Property(x => x.Pk).HasColumnName("pk");
            if (Database.IsNpgsql())
            {
                // Keys order by code point on both providers, so pages come back in the same order.
                pk.UseCollation("C");
            }

            e.Property(x => x.Data).HasColumnName("data").HasColumnType(jsonType);
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.Deleted).HasColumnName("deleted");
            e.Property(x => x.LastChangedAt).HasColumnName("last_changed_at");
            e.Property(x => x.Ttl).HasColumnName("ttl");
            e.HasIndex(x => new { x.Model, x.LastChangedAt }).HasDatabaseName("ix_items_model_changed");
            e.HasIndex(x => x.Ttl).HasDatabaseName("ix_items_ttl");
        });
        modelBuilder.Entity<DeltaRecord>(e =>
        {
            e.ToTable("stratus_deltas");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Model).HasColumnName("model");
            e.Property(x => x.Pk).HasColumnName("pk");
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.Deleted).HasColumnName("deleted");
            e.Property(x => x.LastChangedAt).HasColumnName("last_changed_at");
            e.Property(x => x.Data).HasColumnName("data").HasColumnType(jsonType);
            e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
            e.HasIndex(x => new { x.Model, x.LastChangedAt, x.Id }).HasDatabaseName("ix_deltas_model_changed");
            e.HasIndex(x => x.ExpiresAt).HasDatabaseName("ix_deltas_expires");
        });
        modelBuilder.Entity<ClockRecord>(e =>
        {
            e.ToTable("stratus_clocks");
            e.HasKey(x => x.Model);
            e.Property(x => x.Model).HasColumnName("model");
            e.Property(x => x.LastStamp).HasColumnName("last_stamp");
        });
        modelBuilder.Entity<ApiKeyRecord>(e =>
        {
            e.ToTable("stratus_api_keys");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasColumnName("key");
            e.Property(x => x.Description).HasColumnName("description");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
            e.Property(x => x.RevokedAt).HasColumnName("revoked_at");
        });
        modelBuilder.Entity<ConflictRecord>(e =>
        {
            e.ToTable("stratus_conflicts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Model).HasColumnName("model");
            e.Property(x => x.Pk).HasColumnName("pk");
            e.Property(x => x.Operation).HasColumnName("operation");
            e.Property(x => x.Strategy).HasColumnName("strategy");
            e.Property(x => x.Outcome).HasColumnName("outcome");
            e.Property(x => x.Incoming).HasColumnName("incoming").HasColumnType(jsonType);
            e.Property(x => x.ServerItem).HasColumnName("server_item").HasColumnType(jsonType);
            e.Property(x => x.Caller).HasColumnName("caller");
            e.Property(x => x.At).HasColumnName("at");
            e.HasIndex(x => x.At).HasDatabaseName("ix_conflicts_at");
            e.HasIndex(x => new { x.Model, x.At }).HasDatabaseName("ix_conflicts_model_at");
        });
        modelBuilder.Entity<AdminCredentialRecord>(e =>
        {
            e.ToTable("stratus_admin_credentials");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Hash).HasColumnName("hash");
            e.Property(x => x.Description).HasColumnName("description");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.RevokedAt).HasColumnName("revoked_at");
            e.HasIndex(x => x.Hash).IsUnique().HasDatabaseName("ix_admin_credentials_hash");
        });
        modelBuilder.Entity<SettingRecord>(e =>
        {
            e.ToTable("stratus_settings");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasColumnName("key");
            e.Property(x => x.Value).HasColumnName("value");
        });
    }
}
