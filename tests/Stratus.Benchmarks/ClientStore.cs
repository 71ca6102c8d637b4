using System.Diagnostics;
using Stratus.Benchmarks.Models;
using Stratus.DataStore;
using Stratus.DataStore.Api;
using Stratus.DataStore.Configuration;

namespace Stratus.Benchmarks;

/// <summary>A .NET DataStore of the client benchmark on a new SQLite file, removed with it.</summary>
internal sealed class ClientStore : IAsyncDisposable
{
    private readonly string _path;

    private ClientStore(string path, StratusDataStore store)
    {
        _path = path;
        Store = store;
    }

    public StratusDataStore Store { get; }

    /// <summary>A new store, opened: what an app holds before its first sync.</summary>
    public static async Task<ClientStore> OpenAsync(Uri endpoint)
    {
        var client = Create(endpoint);
        try
        {
            await client.Store.CountAsync<Item>();
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The rate of an app's first start: a new store made, opened and base-synced with <paramref name="records"/>,
    /// all on the clock (as amplify-js's configure, start and sync are).
    /// </summary>
    public static async Task<double> FirstStartRateAsync(Uri endpoint, int records)
    {
        var clock = Stopwatch.StartNew();
        await using var client = Create(endpoint);
        return await client.SyncRateAsync(records, clock);
    }

    /// <summary>The rate of one base sync of <paramref name="records"/> into the store, which is empty.</summary>
    public Task<double> SyncRateAsync(int records) => SyncRateAsync(records, Stopwatch.StartNew());

    private static ClientStore Create(Uri endpoint)
    {
        var path = Path.Combine(Path.GetTempPath(), $"stratus-bench-client-{Guid.NewGuid():N}.db");
        return new ClientStore(path, new StratusDataStore(new DataStoreOptions
        {
            Models = new StratusModels(),
            DatabasePath = path,
            AppSync = new AppSyncSettings(endpoint, AuthMode.ApiKey, ServerProcess.ApiKey),
            MaxRecordsToSync = int.MaxValue,
            DisableSubscriptions = true,
        }));
    }

    private async Task<double> SyncRateAsync(int records, Stopwatch clock)
    {
        var pulled = (await Store.SyncAsync()).Pulled["Item"];
        var rate = pulled / clock.Elapsed.TotalSeconds;
        var held = await Store.CountAsync<Item>();
        return pulled == records && held == records ? rate : throw new InvalidOperationException($"The .NET DataStore pulled {pulled:N0} records and holds {held:N0}, not {records:N0}.");
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
