using System.Text.Json.Nodes;

namespace Stratus.Conformance.Scenarios;

/// <summary>
/// Create, update, delete and offline catch-up on one flat model, in every pairing of amplify-js and the .NET
/// DataStore: the other client ends with the writer's data, live by subscription and by base or delta sync, and the
/// server holds the versions the writes imply.
/// </summary>
public sealed class NoteScenarios
{
    private static readonly string[] NoteFields = ["id", "title", "body", "rating"];

    private static JsonObject Key(string id) => new() { ["id"] = id };

    [Theory]
    [MemberData(nameof(Pairing.All), MemberType = typeof(Pairing))]
    public async Task A_save_reaches_the_other_client_live_and_by_base_sync(string writer, string reader)
    {
        await using var pairing = await Pairing.StartAsync();
        var a = await pairing.ClientAsync(writer);
        var b = await pairing.ClientAsync(reader);

        var saved = await a.SaveAsync("Note", new JsonObject { ["title"] = "hello", ["body"] = "from " + writer, ["rating"] = 3 });
        var id = saved["id"]!.GetValue<string>();

        var live = await Pairing.UntilAsync(b, "Note", r => r.Any(n => n["id"]!.GetValue<string>() == id), "received the note live");
        Assert.Equal(Pairing.Fields(saved, NoteFields), Pairing.Fields(live.Single(), NoteFields));
        var late = await pairing.ClientAsync(reader);
        Assert.Equal(Pairing.Fields(saved, NoteFields), Pairing.Fields((await late.QueryAsync("Note")).Single(), NoteFields));
        Assert.Equal(1, (await pairing.ServerNoteAsync(id))!["_version"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(Pairing.All), MemberType = typeof(Pairing))]
    public async Task An_update_from_either_side_reaches_the_other(string writer, string reader)
    {
        await using var pairing = await Pairing.StartAsync();
        var a = await pairing.ClientAsync(writer);
        var b = await pairing.ClientAsync(reader);
        var id = (await a.SaveAsync("Note", new JsonObject { ["title"] = "first", ["rating"] = 1 }))["id"]!.GetValue<string>();
        await Pairing.UntilAsync(b, "Note", r => r.Count == 1, "received the note");

        await b.UpdateAsync("Note", Key(id), new JsonObject { ["title"] = "edited by " + reader, ["body"] = "more" });

        var seen = await Pairing.UntilAsync(a, "Note", r => r.Single()["title"]?.GetValue<string>() == "edited by " + reader, "received the update");
        Assert.Equal(Pairing.Fields((await b.QueryAsync("Note")).Single(), NoteFields), Pairing.Fields(seen.Single(), NoteFields));
        var server = (await pairing.ServerNoteAsync(id))!;
        Assert.Equal(2, server["_version"]!.GetValue<int>());
        Assert.Equal(Pairing.Fields(server, NoteFields), Pairing.Fields(seen.Single(), NoteFields));
    }

    [Theory]
    [MemberData(nameof(Pairing.All), MemberType = typeof(Pairing))]
    public async Task A_delete_removes_the_record_from_the_other_client(string writer, string reader)
    {
        await using var pairing = await Pairing.StartAsync();
        var a = await pairing.ClientAsync(writer);
        var b = await pairing.ClientAsync(reader);
        var id = (await a.SaveAsync("Note", new JsonObject { ["title"] = "short-lived" }))["id"]!.GetValue<string>();
        var keep = (await a.SaveAsync("Note", new JsonObject { ["title"] = "kept" }))["id"]!.GetValue<string>();
        await Pairing.UntilAsync(b, "Note", r => r.Count == 2, "received both notes");

        await a.DeleteAsync("Note", Key(id));

        var left = await Pairing.UntilAsync(b, "Note", r => r.Count == 1, "dropped the deleted note");
        Assert.Equal(keep, left.Single()["id"]!.GetValue<string>());
        var server = (await pairing.ServerNoteAsync(id))!;
        Assert.True(server["_deleted"]!.GetValue<bool>());
        Assert.Equal(2, server["_version"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(Pairing.All), MemberType = typeof(Pairing))]
    public async Task A_client_offline_for_a_while_catches_up_by_delta_sync(string writer, string reader)
    {
        await using var pairing = await Pairing.StartAsync();
        var a = await pairing.ClientAsync(writer);
        var b = await pairing.ClientAsync(reader);
        var edited = (await a.SaveAsync("Note", new JsonObject { ["title"] = "to edit", ["rating"] = 1 }))["id"]!.GetValue<string>();
        var removed = (await a.SaveAsync("Note", new JsonObject { ["title"] = "to delete" }))["id"]!.GetValue<string>();
        await Pairing.UntilAsync(b, "Note", r => r.Count == 2, "received the first notes");

        await b.StopAsync();
        var added = (await a.SaveAsync("Note", new JsonObject { ["title"] = "added while away" }))["id"]!.GetValue<string>();
        await a.UpdateAsync("Note", Key(edited), new JsonObject { ["title"] = "edited while away", ["rating"] = 5 });
        await a.DeleteAsync("Note", Key(removed));
        await b.StartAsync();

        var caughtUp = (await b.QueryAsync("Note")).Select(r => Pairing.Fields(r, NoteFields)).Order().ToList();
        Assert.Equal((await a.QueryAsync("Note")).Select(r => Pairing.Fields(r, NoteFields)).Order(), caughtUp);
        Assert.Equal(2, caughtUp.Count);
        Assert.Equal(2, (await pairing.ServerNoteAsync(edited))!["_version"]!.GetValue<int>());
        Assert.Equal(1, (await pairing.ServerNoteAsync(added))!["_version"]!.GetValue<int>());
        Assert.True((await pairing.ServerNoteAsync(removed))!["_deleted"]!.GetValue<bool>());
    }
}
