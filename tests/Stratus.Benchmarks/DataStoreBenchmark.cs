using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Stratus.Benchmarks.Models;
using Stratus.DataStore.Configuration;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Benchmarks;

/// <summary>
/// The client StratusDataStore against EF Core written directly on the same SQLite database, in one run: predicate
/// queries over <c>rows</c> records (an indexed field and an unindexed one), single saves and batch saves
/// (each with its outbox entry) against plain EF Core inserts.
/// </summary>
internal static class DataStoreBenchmark
{
    private const int Categories = 100;

    public static async Task<List<BenchmarkResult>> MeasureAsync(int rows)
    {
        await using var store = new Stratus.DataStore.StratusDataStore(new DataStoreOptions { Models = new StratusModels(), ConnectionString = SqliteFiles.New() });
        var results = new List<BenchmarkResult>();

        var clock = Stopwatch.StartNew();
        for (var start = 0; start < rows; start += 5000)
        {
            await store.SaveAllAsync(Enumerable.Range(start, Math.Min(5000, rows - start)).Select(NewItem));
        }

        var batchRate = rows / clock.Elapsed.TotalSeconds;
        var rawBatchRate = await RawBatchInsertRateAsync(store, rows / 10);
        results.Add(new("StratusDataStore (SQLite)", $"SaveAllAsync batches of 5,000 vs EF AddRange", batchRate, rawBatchRate));

        var singleRate = await RateAsync(TimeSpan.FromSeconds(3), async i => await store.SaveAsync(NewItem(rows + i)));
        var rawSingleRate = await RateAsync(TimeSpan.FromSeconds(3), async i =>
        {
            await using var db = store.NewContext();
            db.Add(WithId(NewItem(2 * rows + i)));
            await db.SaveChangesAsync();
        });
        results.Add(new("StratusDataStore (SQLite)", "SaveAsync (row + outbox) vs EF single insert", singleRate, rawSingleRate));

        var category = "c7";
        var indexed = await RateAsync(TimeSpan.FromSeconds(3), async _ => await store.QueryAsync<Item>(i => i.Category == category));
        var indexedEf = await RateAsync(TimeSpan.FromSeconds(3), async _ =>
        {
            await using var db = store.NewContext();
            await db.Set<Item>().AsNoTracking().Where(i => i.Category == category).ToListAsync();
        });
        results.Add(new("StratusDataStore (SQLite)", $"QueryAsync indexed eq over {rows:N0} vs EF", indexed, indexedEf));

        var threshold = rows - rows / Categories;
        var scan = await RateAsync(TimeSpan.FromSeconds(3), async _ => await store.QueryAsync<Item>(i => i.Score >= threshold && i.Label!.Contains("7")));
        var scanEf = await RateAsync(TimeSpan.FromSeconds(3), async _ =>
        {
            await using var db = store.NewContext();
            await db.Set<Item>().AsNoTracking().Where(i => i.Score >= threshold && i.Label!.Contains("7")).ToListAsync();
        });
        results.Add(new("StratusDataStore (SQLite)", $"QueryAsync unindexed scan over {rows:N0} vs EF", scan, scanEf));
        return results;
    }

    private static Item NewItem(int i) => new() { Category = "c" + (i % Categories), Score = i, Label = $"item {i}" };

    /// <summary>Plain EF Core does not fill the id; the StratusDataStore does.</summary>
    private static Item WithId(Item item)
    {
        item.Id = Guid.NewGuid().ToString();
        return item;
    }

    private static async Task<double> RawBatchInsertRateAsync(Stratus.DataStore.StratusDataStore store, int rows)
    {
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < rows; start += 5000)
        {
            await using var db = store.NewContext();
            db.AddRange(Enumerable.Range(10 * rows + start, Math.Min(5000, rows - start)).Select(i => WithId(NewItem(i))));
            await db.SaveChangesAsync();
        }

        return rows / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Operations per second over <paramref name="duration"/>, after a short warm-up.</summary>
    private static async Task<double> RateAsync(TimeSpan duration, Func<int, Task> operation)
    {
        for (var i = 0; i < 5; i++)
        {
            await operation(1_000_000 + i);
        }

        var count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await operation(count++);
        }

        return count / clock.Elapsed.TotalSeconds;
    }
}
