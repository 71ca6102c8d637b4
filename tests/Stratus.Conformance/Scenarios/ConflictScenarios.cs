using System.Text.Json.Nodes;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.Infrastructure.AmplifyJs;

namespace Stratus.Conformance.Scenarios;

/// <summary>
/// Concurrent edits under each server conflict strategy, in every pairing: both clients hold a note at version 1 and
/// go offline; each edits it; the first comes back and lands version 2; the second comes back with a stale version
/// and meets the conflict. The server resolves it as its strategy says (AUTOMERGE adds the second client's new field
/// and keeps the server's scalars; OPTIMISTIC_CONCURRENCY refuses it, and the client's handler retries on the
/// server's version or discards; LAMBDA asks the webhook), and both clients end equal to the server.
/// amplify-js cannot retry such a refused update: its conflict handler is handed a model built from the update's
/// input, which lacks the unchanged required <c>title</c> ("Field title is required"), so after 10 attempts it
/// discards, whatever the app's handler would have said (as against AppSync itself).
/// </summary>
public sealed class ConflictScenarios
{
    private static readonly string[] NoteFields = ["id", "title", "body", "rating"];

    public static TheoryData<string, string, string> Cases()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var strategy in new[] { "AUTOMERGE", "OPTIMISTIC_CONCURRENCY retry", "OPTIMISTIC_CONCURRENCY discard", "LAMBDA" })
        {
            foreach (var (first, second) in new[] { ("js", "js"), ("js", "dotnet"), ("dotnet", "js"), ("dotnet", "dotnet") })
            {
                cases.Add(strategy, first, second);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Concurrent_edits_end_with_both_clients_equal_to_the_server(string strategy, string first, string second)
    {
        // The webhook resolves by taking the stored item with the incoming title, marked.
        await using var webhook = await ConflictWebhook.StartAsync(request =>
        {
            var item = request["existingItem"]!.DeepClone().AsObject();
            item["title"] = request["newItem"]!["title"]!.GetValue<string>() + " (lambda)";
            return new JsonObject { ["action"] = "RESOLVE", ["item"] = item };
        });
        var handler = strategy.Split(' ')[0];
        await using var pairing = await Pairing.StartAsync("--conflict-handler", handler, "--lambda-url", webhook.Url);
        var discard = strategy.EndsWith("discard", StringComparison.Ordinal);
        var a = await pairing.ClientAsync(first, discard);
        var b = await pairing.ClientAsync(second, discard);
        var id = (await a.SaveAsync("Note", new JsonObject { ["title"] = "start", ["rating"] = 1 }))["id"]!.GetValue<string>();
        await Pairing.UntilAsync(b, "Note", r => r.Count == 1, "received the note");
        var key = new JsonObject { ["id"] = id };

        await a.StopAsync();
        await b.StopAsync();
        await a.UpdateAsync("Note", key, new JsonObject { ["title"] = "title from " + first }, online: false);
        await b.UpdateAsync("Note", key, handler == "LAMBDA" ? new JsonObject { ["title"] = "title from " + second } : new JsonObject { ["body"] = "body from " + second, ["rating"] = 7 }, online: false);
        await a.StartAsync();
        await UntilServerAsync(pairing, id, n => n["_version"]!.GetValue<int>() == 2, "took the first edit");
        await b.StartAsync();

        var retried = strategy == "OPTIMISTIC_CONCURRENCY retry" && second == "dotnet";
        if (strategy is "AUTOMERGE" or "LAMBDA" || retried)
        {
            await UntilServerAsync(pairing, id, n => n["_version"]!.GetValue<int>() == 3, "resolved the second edit");
        }

        await EqualToServerAsync(pairing, b, id);
        await EqualToServerAsync(pairing, a, id);
        var server = (await pairing.ServerNoteAsync(id))!;
        switch (strategy)
        {
            case "AUTOMERGE":
                // The stale client's new field is merged; its scalar edit loses to the server's value.
                Assert.Equal(("title from " + first, "body from " + second, 1), (server["title"]!.GetValue<string>(), server["body"]!.GetValue<string>(), server["rating"]!.GetValue<int>()));
                break;
            case "OPTIMISTIC_CONCURRENCY retry" when retried:
                Assert.Equal(("title from " + first, "body from " + second, 7), (server["title"]!.GetValue<string>(), server["body"]!.GetValue<string>(), server["rating"]!.GetValue<int>()));
                break;
            case "OPTIMISTIC_CONCURRENCY retry":
            case "OPTIMISTIC_CONCURRENCY discard":
                Assert.Equal(("title from " + first, 1, 2), (server["title"]!.GetValue<string>(), server["rating"]!.GetValue<int>(), server["_version"]!.GetValue<int>()));
                Assert.Null(server["body"]);
                break;
            default:
                Assert.Equal("title from " + second + " (lambda)", server["title"]!.GetValue<string>());
                break;
        }
    }

    private static async Task<JsonObject> UntilServerAsync(Pairing pairing, string id, Func<JsonObject, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var note = (await pairing.ServerNoteAsync(id))!;
            if (condition(note))
            {
                return note;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The server never {what}; it holds {note.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the client's copy of the note equals the server's (the server read again each time).</summary>
    private static async Task EqualToServerAsync(Pairing pairing, IConformanceClient client, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var server = Pairing.Fields((await pairing.ServerNoteAsync(id))!, NoteFields);
            var local = (await client.QueryAsync("Note")).Select(n => Pairing.Fields(n, NoteFields)).ToList();
            if (local.SequenceEqual([server]))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The {client.Kind} client never ended equal to the server: it holds {string.Join(", ", local)}, the server {server}");
            await Task.Delay(100);
        }
    }
}
