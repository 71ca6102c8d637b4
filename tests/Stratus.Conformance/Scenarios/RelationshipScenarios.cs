using System.Text.Json.Nodes;

namespace Stratus.Conformance.Scenarios;

/// <summary>
/// hasMany/belongsTo in every pairing: children saved after their parent reach the other client live and, for a
/// client that was offline, by delta sync, each pointing at its parent.
/// </summary>
public sealed class RelationshipScenarios
{
    private static readonly string[] PostFields = ["id", "title", "blogPostsId"];

    [Theory]
    [MemberData(nameof(Pairing.All), MemberType = typeof(Pairing))]
    public async Task Children_saved_after_their_parent_reach_the_other_client_with_their_parent(string writer, string reader)
    {
        await using var pairing = await Pairing.StartAsync();
        var a = await pairing.ClientAsync(writer);
        var live = await pairing.ClientAsync(reader);
        var away = await pairing.ClientAsync(reader);
        await away.StopAsync();

        var blog = (await a.SaveAsync("Blog", new JsonObject { ["name"] = "News" }))["id"]!.GetValue<string>();
        await Pairing.UntilAsync(live, "Blog", r => r.Count == 1, "received the blog");
        var first = await a.SaveAsync("Post", new JsonObject { ["title"] = "one", ["blog"] = blog });
        var second = await a.SaveAsync("Post", new JsonObject { ["title"] = "two", ["blog"] = blog });

        string[] expected = [Pairing.Fields(first, PostFields), Pairing.Fields(second, PostFields)];
        Assert.All(expected, e => Assert.Contains($"\"blogPostsId\":\"{blog}\"", e, StringComparison.Ordinal));
        var posts = await Pairing.UntilAsync(live, "Post", r => r.Count == 2, "received both posts live");
        Assert.Equal(expected.Order(), posts.Select(p => Pairing.Fields(p, PostFields)).Order());

        await away.StartAsync();
        Assert.Equal(expected.Order(), (await away.QueryAsync("Post")).Select(p => Pairing.Fields(p, PostFields)).Order());
        Assert.Equal(["News"], (await away.QueryAsync("Blog")).Select(b => b["name"]!.GetValue<string>()));
    }
}
