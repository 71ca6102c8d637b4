using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Stratus.DataStore.Models;
using Stratus.DataStore.Serialization;

namespace Stratus.DataStore.Storage;

/// <summary>
/// The local SQLite database of one store: a table per model (mapped from the schema at run time) and the system
/// tables the app's operations use (outbox, metadata); the sync cursors are read and written by
/// <see cref="SyncStateTable"/> alone. Short-lived: one per operation. The tables themselves (and the settings
/// table) are made and evolved by <see cref="LocalSchemaMigrator"/>.
/// <para>
/// It is made over a SQLite connection that raw statements use as they are (<see cref="Connection"/>); EF Core's
/// services, and this schema's model, are set up only when the context is first used through EF Core, so a write
/// that runs raw statements alone (a sync page into an empty store, the cursor) never waits for them.
/// </para>
/// </summary>
internal sealed class LocalDbContext(DbContextOptions<LocalDbContext> options, SqliteConnection connection, bool ownsConnection, ModelCatalog catalog, JsonCodec codec) : DbContext(options)
{
    public const string OutboxTable = "stratus_outbox";
    public const string MetadataTable = "stratus_record_metadata";
    public const string SyncTable = "stratus_model_sync";
    public const string SettingsTable = "stratus_settings";

    public ModelCatalog Catalog => catalog;

    /// <summary>The connection EF Core runs on too; raw statements open it when it is not yet.</summary>
    public SqliteConnection Connection => connection;

    public DbSet<OutboxEntry> Outbox => Set<OutboxEntry>();

    public DbSet<RecordMetadata> Metadata => Set<RecordMetadata>();

    /// <summary>What every context shares; the provider and its connection are added on first use (<see cref="OnConfiguring"/>).</summary>
    public static DbContextOptions<LocalDbContext> Options() => new DbContextOptionsBuilder<LocalDbContext>()
        .ReplaceService<IModelCacheKeyFactory, CatalogModelCacheKeyFactory>()
        .Options;

    public override void Dispose()
    {
        try
        {
            base.Dispose();
        }
        finally
        {
            if (ownsConnection)
            {
                connection.Dispose();
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            if (ownsConnection)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        // A list in a query (the ids of a sync page: a thousand) goes as one JSON parameter read by json_each, not a
        // parameter per value, which SQLite binds by a name search each.
        optionsBuilder.UseSqlite(connection, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxEntry>(e =>
        {
            e.ToTable(OutboxTable).HasKey(o => o.Sequence);
            e.Property(o => o.Operation).HasConversion<string>();
        });
        modelBuilder.Entity<RecordMetadata>(e => e.ToTable(MetadataTable).HasKey(m => new { m.ModelName, m.ModelId }));
        foreach (var model in catalog.Models)
        {
            ModelMapping.Map(modelBuilder, model, codec);
        }
    }

    /// <summary>Models of different schemas (or registries) in one process get different EF models.</summary>
    private sealed class CatalogModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            (context.GetType(), ((LocalDbContext)context).Catalog.Registry.GetType(), ((LocalDbContext)context).Catalog.Registry.SchemaText, designTime);
    }
}
