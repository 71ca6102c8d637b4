using Microsoft.EntityFrameworkCore;
using Stratus.DataStore.Models;
using Stratus.DataStore.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Storage;

/// <summary>A changed schema evolves the local database in place: records and the outbox survive (Amplify wipes both).</summary>
public sealed class SchemaEvolutionTests : LocalStoreTest
{
    public SchemaEvolutionTests()
        : base(TempStore.Create(models: new V1()))
    {
    }

    [Fact]
    public async Task A_new_field_and_a_new_model_keep_records_and_the_outbox()
    {
        await Store.SaveAsync(new NoteV1 { Id = "n1", Text = "keep me" });
        var outboxBefore = await Temp.OutboxAsync();

        await Temp.ReopenAsync(new V2());

        var note = (await Store.QueryAsync<NoteV2>("n1"))!;
        Assert.Equal(("keep me", null), (note.Text, note.Priority));
        Assert.Equal(outboxBefore.Select(o => (o.Sequence, o.Data)), (await Temp.OutboxAsync()).Select(o => (o.Sequence, o.Data)));
        note.Priority = 2;
        await Store.SaveAsync(note);
        await Store.SaveAsync(new Label { Id = "l1", Name = "new model" });
        Assert.Equal(2, (await Store.QueryAsync<NoteV2>(n => n.Priority == 2)).Single().Priority);
        Assert.Equal(1, await Store.CountAsync<Label>());
    }

    [Fact]
    public async Task A_removed_field_leaves_its_column_and_going_back_finds_the_data()
    {
        await Temp.ReopenAsync(new V2());
        await Store.SaveAsync(new NoteV2 { Id = "n1", Text = "t", Priority = 7 });

        await Temp.ReopenAsync(new V1());
        await Store.SaveAsync(new NoteV1 { Id = "n2", Text = "written without priority" });
        await Temp.ReopenAsync(new V2());

        Assert.Equal(7, (await Store.QueryAsync<NoteV2>("n1"))!.Priority);
        Assert.Null((await Store.QueryAsync<NoteV2>("n2"))!.Priority);
    }

    [Fact]
    public async Task A_changed_key_rebuilds_the_table_with_every_row()
    {
        await Store.SaveAllAsync([new NoteV1 { Id = "a", Text = "one" }, new NoteV1 { Id = "b", Text = "two" }]);

        await Temp.ReopenAsync(new V3());

        var notes = await Store.QueryAsync<NoteV2>();
        Assert.Equal(["a", "b"], notes.Select(n => n.Id).Order(StringComparer.Ordinal));
        Assert.Equal("two", (await Store.FindAsync<NoteV2>(["b", "two"]))!.Text);
        await using var db = Store.NewContext();
        var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name LIKE 'Note%'").ToListAsync();
        Assert.Equal(["Note"], tables);
    }

    [Fact]
    public async Task A_field_that_becomes_required_is_filled_in_rows_that_lack_it()
    {
        await Store.SaveAsync(new NoteV1 { Id = "old", Text = "before" });

        await Temp.ReopenAsync(new V4());

        var note = (await Store.QueryAsync<NoteV4>("old"))!;
        Assert.Equal((0, Mood.CALM), (note.Priority, note.Mood));
        note.Priority = 3;
        await Store.SaveAsync(note);
        Assert.Equal(3, (await Store.QueryAsync<NoteV4>("old"))!.Priority);
    }

    [Fact]
    public async Task Two_key_changes_in_a_row_each_rebuild_the_table()
    {
        await Store.SaveAsync(new NoteV1 { Id = "a", Text = "one" });

        await Temp.ReopenAsync(new V3());
        await Temp.ReopenAsync(new V2());

        Assert.Equal("one", (await Store.QueryAsync<NoteV2>("a"))!.Text);
        await Store.SaveAsync(new NoteV2 { Id = "b", Text = "two" });
        Assert.Equal(2, await Store.CountAsync<NoteV2>(n => n.Text != null));
    }

    public enum Mood
    {
        CALM,
        ANGRY,
    }

    public sealed class NoteV4 : StratusModel
    {
        public string Id { get; set; } = "";

        public required string Text { get; set; }

        public required int Priority { get; set; }

        public required Mood Mood { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public DateTimeOffset? UpdatedAt { get; set; }
    }

    private sealed class V4() : ModelRegistry(
        "enum Mood { CALM ANGRY } type Note @model { id: ID! text: String! priority: Int! mood: Mood! }",
        new Dictionary<string, Type> { ["Note"] = typeof(NoteV4), ["Mood"] = typeof(Mood) });

    public sealed class NoteV1 : StratusModel
    {
        public string Id { get; set; } = "";

        public required string Text { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public DateTimeOffset? UpdatedAt { get; set; }
    }

    public sealed class NoteV2 : StratusModel
    {
        public string Id { get; set; } = "";

        public required string Text { get; set; }

        public int? Priority { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public DateTimeOffset? UpdatedAt { get; set; }
    }

    public sealed class Label : StratusModel
    {
        public string Id { get; set; } = "";

        public required string Name { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public DateTimeOffset? UpdatedAt { get; set; }
    }

    private sealed class V1() : ModelRegistry("type Note @model { id: ID! text: String! }", new Dictionary<string, Type> { ["Note"] = typeof(NoteV1) });

    private sealed class V2() : ModelRegistry(
        "type Note @model { id: ID! text: String! priority: Int } type Label @model { id: ID! name: String! }",
        new Dictionary<string, Type> { ["Note"] = typeof(NoteV2), ["Label"] = typeof(Label) });

    private sealed class V3() : ModelRegistry(
        """type Note @model { id: ID! @primaryKey(sortKeyFields: ["text"]) text: String! priority: Int }""",
        new Dictionary<string, Type> { ["Note"] = typeof(NoteV2) });
}
