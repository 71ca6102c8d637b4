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
/// </summary>
internal sealed class LocalDbContext(DbContextOptions<LocalDbContext> options, ModelCatalog catalog, JsonCodec codec) : DbContext(options)
{
    public const string OutboxTable = "stratus_outbox";
    public const string MetadataTable = "stratus_record_metadata";
    public const string SyncTable = "stratus_model_sync";
    public const string SettingsTable = "stratus_settings";

    public ModelCatalog Catalog => catalog;

    public DbSet<OutboxEntry> Outbox => Set<OutboxEntry>();

    public DbSet<RecordMetadata> Metadata => Set<RecordMetadata>();

    public static DbContextOptions<LocalDbContext> Options(string connectionString) => new DbContextOptionsBuilder<LocalDbContext>()
        // A list in a query (the ids of a sync page: a thousand) goes as one JSON parameter read by json_each, not a
        // parameter per value, which SQLite binds by a name search each.
        .UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
        .ReplaceService<IModelCacheKeyFactory, CatalogModelCacheKeyFactory>()
        .Options;

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
