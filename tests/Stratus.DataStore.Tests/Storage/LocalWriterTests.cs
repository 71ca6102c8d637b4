using Stratus.DataStore.Storage;
using Stratus.DataStore.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Storage;

/// <summary>A write's one transaction covers what it does through EF Core and what it does with raw statements.</summary>
public sealed class LocalWriterTests : LocalStoreTest
{
    [Fact]
    public async Task A_failed_write_keeps_neither_its_EF_Core_changes_nor_its_raw_statements_and_the_next_write_commits_both()
    {
        await Store.CountAsync<Tests.Models.Post>(); // opens the store: its tables are made on first use
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.Writer.WriteAsync<bool>(async (db, _) =>
        {
            db.Metadata.Add(new RecordMetadata { ModelName = "Post", ModelId = "a", Version = 1 });
            await db.SaveChangesAsync();
            SyncStateTable.Save(db, "Post", startedAt: 5, expressionHash: null, full: true, now: 7);
            throw new InvalidOperationException("the write failed after both");
        }, CancellationToken.None));
        Assert.Equal("the write failed after both", failed.Message);
        Assert.Empty(await Temp.MetadataAsync());
        await using (var db = Store.NewContext())
        {
            Assert.Null(SyncStateTable.Find(db, "Post"));
        }

        // The failed write's connection went back to the pool with its transaction rolled back, so this one can begin.
        await Store.Writer.WriteAsync(async (db, _) =>
        {
            db.Metadata.Add(new RecordMetadata { ModelName = "Post", ModelId = "b", Version = 2 });
            await db.SaveChangesAsync();
            SyncStateTable.Save(db, "Post", startedAt: 9, expressionHash: null, full: true, now: 11);
            return true;
        }, CancellationToken.None);
        var meta = Assert.Single(await Temp.MetadataAsync());
        Assert.Equal(("b", (long?)2), (meta.ModelId, meta.Version));
        await using var check = Store.NewContext();
        Assert.Equal(new ModelSyncState("Post", 9, 9, 11, null), SyncStateTable.Find(check, "Post"));
    }
}
