using System.Text.Json.Nodes;
using Stratus.Server.Tests.Infrastructure.AmplifyJs;

namespace Stratus.Conformance.Scenarios;

/// <summary>
/// Selective sync in every pairing: a reader with a sync expression (<c>rating eq 5</c>) gets only the matching
/// notes, by base sync and live, while the writer keeps them all.
/// </summary>
public sealed class SelectiveSyncScenarios
{
    [Theory]
    [MemberData(nameof(Pairing.All), MemberType = typeof(Pairing))]
    public async Task A_reader_with_a_sync_expression_gets_only_the_matching_records(string writer, string reader)
    {
        await using var pairing = await Pairing.StartAsync();
        var a = await pairing.ClientAsync(writer);
        await a.SaveAsync("Note", new JsonObject { ["title"] = "early five", ["rating"] = 5 });
        await a.SaveAsync("Note", new JsonObject { ["title"] = "early one", ["rating"] = 1 });

        var b = await pairing.ClientAsync(reader, syncExpression: new SyncExpressionSpec("Note", "rating", 5));
        Assert.Equal(["early five"], (await b.QueryAsync("Note")).Select(n => n["title"]!.GetValue<string>()));

        await a.SaveAsync("Note", new JsonObject { ["title"] = "late one", ["rating"] = 1 });
        await a.SaveAsync("Note", new JsonObject { ["title"] = "late five", ["rating"] = 5 });
        var seen = await Pairing.UntilAsync(b, "Note", r => r.Count >= 2, "received the later matching note");
        Assert.Equal(["early five", "late five"], seen.Select(n => n["title"]!.GetValue<string>()).Order());
        Assert.Equal(4, (await a.QueryAsync("Note")).Count);
    }
}
