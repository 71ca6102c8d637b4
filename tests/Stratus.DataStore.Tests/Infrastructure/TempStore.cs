using Microsoft.EntityFrameworkCore;
using Stratus.DataStore.Configuration;
using Stratus.DataStore.Models;
using Stratus.DataStore.Storage;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Infrastructure;

/// <summary>A StratusDataStore on a fresh SQLite file in the temp directory, removed afterwards.</summary>
public sealed class TempStore : IAsyncDisposable
{
    private TempStore(string path, StratusDataStore store)
    {
        Path = path;
        Store = store;
    }

    public string Path { get; }

    public StratusDataStore Store { get; private set; }

    public static TempStore Create(Action<DataStoreOptions>? configure = null, TimeProvider? time = null, ModelRegistry? models = null, string? path = null)
    {
        path ??= System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"stratus-datastore-{Guid.NewGuid():N}.db");
        return new TempStore(path, Open(path, configure, time, models));
    }

    /// <summary>Closes the store and opens the same file again, optionally with other models (a schema change).</summary>
    public async Task ReopenAsync(ModelRegistry? models = null)
    {
        await Store.DisposeAsync();
        Store = Open(Path, null, null, models);
    }

    internal async Task<List<OutboxEntry>> OutboxAsync()
    {
        await using var db = Store.NewContext();
        return await db.Outbox.AsNoTracking().OrderBy(o => o.Sequence).ToListAsync();
    }

    /// <summary>Marks every queued entry as being sent, as the sync engine would; coalescing leaves such entries alone.</summary>
    internal async Task MarkOutboxInFlightAsync()
    {
        await using var db = Store.NewContext();
        await db.Outbox.ExecuteUpdateAsync(o => o.SetProperty(e => e.InFlight, true));
    }

    internal async Task<List<RecordMetadata>> MetadataAsync()
    {
        await using var db = Store.NewContext();
        return await db.Metadata.AsNoTracking().ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static StratusDataStore Open(string path, Action<DataStoreOptions>? configure, TimeProvider? time, ModelRegistry? models)
    {
        var options = new DataStoreOptions { Models = models ?? new StratusModels(), DatabasePath = path };
        configure?.Invoke(options);
        return new StratusDataStore(options, time: time);
    }
}
