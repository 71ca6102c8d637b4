using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stratus.Benchmarks.Models;
using Stratus.DataStore.Configuration;
using Stratus.DataStore.Storage;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Benchmarks;

/// <summary>
/// The client StratusDataStore against EF Core written directly on the same SQLite database, in one run: predicate
/// queries over <c>rows</c> records (an indexed field and an unindexed one), and single and batch saves against
/// plain EF Core writing the same rows a save writes (the record, its metadata row and its outbox entry holding
/// the record as JSON) in one transaction.
/// </summary>
internal static class DataStoreBenchmark
{
    private const int Categories = 100;

    public static async Task<List<BenchmarkResult>> MeasureAsync(int rows)
    {
        await using var store = new Stratus.DataStore.StratusDataStore(new DataStoreOptions { Models = new StratusModels(), ConnectionString = SqliteFiles.New() });
        var results = new List<BenchmarkResult>();

        // The fill warms both paths up; the batch rates are then measured on the same table, the same number of rows each.
        for (var start = 0; start < rows; start += 5000)
        {
            await store.SaveAllAsync(Enumerable.Range(start, Math.Min(5000, rows - start)).Select(NewItem));
        }

        var measured = Math.Max(5000, rows / 10);
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < measured; start += 5000)
        {
            await store.SaveAllAsync(Enumerable.Range(20 * rows + start, Math.Min(5000, measured - start)).Select(NewItem));
        }

        var batchRate = measured / clock.Elapsed.TotalSeconds;
        var rawBatchRate = await RawBatchInsertRateAsync(store, measured, 30 * rows);
        results.Add(new("StratusDataStore (SQLite)", $"SaveAllAsync batches of 5,000 vs EF AddRange (record + metadata + outbox)", batchRate, rawBatchRate));

        var singleRate = await RateAsync(TimeSpan.FromSeconds(3), async i => await store.SaveAsync(NewItem(rows + i)));
        var rawSingleRate = await RateAsync(TimeSpan.FromSeconds(3), async i =>
        {
            await using var db = store.NewContext();
            AddAsSaved(db, NewItem(2 * rows + i));
            await db.SaveChangesAsync();
        });
        results.Add(new("StratusDataStore (SQLite)", "SaveAsync vs EF single insert (record + metadata + outbox)", singleRate, rawSingleRate));

        var total = await store.CountAsync<Item>();
        var category = "c7";
        var indexed = await RateAsync(TimeSpan.FromSeconds(3), async _ => await store.QueryAsync<Item>(i => i.Category == category));
        var indexedEf = await RateAsync(TimeSpan.FromSeconds(3), async _ =>
        {
            await using var db = store.NewContext();
            await db.Set<Item>().AsNoTracking().Where(i => i.Category == category).ToListAsync();
        });
        results.Add(new("StratusDataStore (SQLite)", $"QueryAsync indexed eq over {total:N0} vs EF", indexed, indexedEf));

        var threshold = rows - rows / Categories;
        var scan = await RateAsync(TimeSpan.FromSeconds(3), async _ => await store.QueryAsync<Item>(i => i.Score >= threshold && i.Label!.Contains("7")));
        var scanEf = await RateAsync(TimeSpan.FromSeconds(3), async _ =>
        {
            await using var db = store.NewContext();
            await db.Set<Item>().AsNoTracking().Where(i => i.Score >= threshold && i.Label!.Contains("7")).ToListAsync();
        });
        results.Add(new("StratusDataStore (SQLite)", $"QueryAsync unindexed scan over {total:N0} vs EF", scan, scanEf));
        return results;
    }

    private static Item NewItem(int i) => new() { Category = "c" + (i % Categories), Score = i, Label = $"item {i}" };

    /// <summary>The rows a save of a new record writes, added the plain EF Core way: the record (with an id), its metadata, its outbox entry.</summary>
    private static void AddAsSaved(LocalDbContext db, Item item)
    {
        item.Id = Guid.NewGuid().ToString();
        db.Add(item);
        db.Metadata.Add(new RecordMetadata { ModelName = "Item", ModelId = item.Id });
        db.Outbox.Add(new OutboxEntry
        {
            ModelName = "Item",
            ModelId = item.Id,
            Operation = MutationOperation.Create,
            Data = JsonSerializer.Serialize(new { id = item.Id, category = item.Category, score = item.Score, label = item.Label }),
            CreatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        });
    }

    private static async Task<double> RawBatchInsertRateAsync(Stratus.DataStore.StratusDataStore store, int rows, int first)
    {
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < rows; start += 5000)
        {
            await using var db = store.NewContext();
            foreach (var i in Enumerable.Range(first + start, Math.Min(5000, rows - start)))
            {
                AddAsSaved(db, NewItem(i));
            }

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
