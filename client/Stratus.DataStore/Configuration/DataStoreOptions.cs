using Stratus.DataStore.Models;

namespace Stratus.DataStore.Configuration;

/// <summary>Settings of one DataStore. Only <see cref="Models"/> is required; everything else has a working default.</summary>
public sealed class DataStoreOptions
{
    /// <summary>The generated registry of the app's schema (<c>new StratusModels()</c>).</summary>
    public ModelRegistry? Models { get; set; }

    /// <summary>
    /// The SQLite file of this store (default <c>stratus-datastore.db</c> in the working directory). Give each
    /// signed-in user their own file to keep their data apart.
    /// </summary>
    public string DatabasePath { get; set; } = "stratus-datastore.db";

    /// <summary>A full SQLite connection string; when set it wins over <see cref="DatabasePath"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Records per sync page, and the number of changes that makes <c>ObserveQuery</c> emit early (default 1000, as Amplify).</summary>
    public int SyncPageSize { get; set; } = 1000;

    /// <summary>The longest <c>ObserveQuery</c> holds back changes before the model is synced (default 2 s, as Amplify).</summary>
    public TimeSpan ObserveQueryMaxInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Makes the id of a new record whose managed <c>id</c> is empty (default: a random UUID v4).</summary>
    public Func<string> NewId { get; set; } = () => Guid.NewGuid().ToString();

    internal void Validate()
    {
        if (Models is null)
        {
            throw new InvalidOperationException("DataStoreOptions.Models is not set: pass the generated registry, e.g. options.Models = new StratusModels().");
        }

        if (ConnectionString is null && string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new InvalidOperationException("DataStoreOptions.DatabasePath is empty: give the SQLite file of the store.");
        }

        if (SyncPageSize <= 0)
        {
            throw new InvalidOperationException($"DataStoreOptions.SyncPageSize must be positive, not {SyncPageSize}.");
        }
    }
}
