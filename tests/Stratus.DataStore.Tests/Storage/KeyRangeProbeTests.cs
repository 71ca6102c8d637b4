using Stratus.DataStore.Storage;
using Stratus.DataStore.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Storage;

/// <summary>The check that lets a sync page into an empty part of the store skip its lookups by id.</summary>
public sealed class KeyRangeProbeTests : LocalStoreTest
{
    [Fact]
    public async Task A_range_is_known_when_a_metadata_row_or_a_queued_change_of_the_model_lies_within_it_bounds_included()
    {
        await Store.CountAsync<Tests.Models.Post>(); // opens the store: its tables are made on first use
        await using (var db = Store.NewContext())
        {
            Assert.False(KeyRangeProbe.AnyRecorded(db, "Post", "a", "z"));
            db.Metadata.Add(new RecordMetadata { ModelName = "Post", ModelId = "m" });
            db.Outbox.Add(new OutboxEntry { ModelName = "Comment", ModelId = "q", Operation = MutationOperation.Create, Data = "{}" });
            await db.SaveChangesAsync();
        }

        await using var check = Store.NewContext();
        Assert.Equal(
            (true, true, true, false, false, false, true, false),
            (KeyRangeProbe.AnyRecorded(check, "Post", "a", "z"),
             KeyRangeProbe.AnyRecorded(check, "Post", "m", "m"),
             KeyRangeProbe.AnyRecorded(check, "Post", "l", "m"),
             KeyRangeProbe.AnyRecorded(check, "Post", "n", "z"),
             KeyRangeProbe.AnyRecorded(check, "Post", "a", "l"),
             KeyRangeProbe.AnyRecorded(check, "Blog", "a", "z"),
             KeyRangeProbe.AnyRecorded(check, "Comment", "p", "r"),
             KeyRangeProbe.AnyRecorded(check, "Comment", "r", "z")));
    }
}
