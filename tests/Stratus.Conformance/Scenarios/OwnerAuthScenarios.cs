using System.Text.Json.Nodes;

namespace Stratus.Conformance.Scenarios;

/// <summary>
/// An owner <c>@auth</c> model (<c>Diary</c>, owned by the token's <c>sub</c>) with two signed-in users holding OIDC
/// tokens from the suite's own issuer, in every pairing: each user's client holds only that user's entries, by base
/// sync and live, and the server stores each entry with its owner.
/// </summary>
public sealed class OwnerAuthScenarios
{
    [Theory]
    [MemberData(nameof(Pairing.All), MemberType = typeof(Pairing))]
    public async Task Each_user_sees_only_their_own_entries(string alicesKind, string bobsKind)
    {
        await using var pairing = await Pairing.StartAsync();
        var alice = await pairing.SignedInClientAsync(alicesKind, pairing.Token("alice-sub"));
        var bob = await pairing.SignedInClientAsync(bobsKind, pairing.Token("bob-sub"));

        var mine = (await alice.SaveAsync("Diary", new JsonObject { ["entry"] = "alice's first" }))["id"]!.GetValue<string>();
        await bob.SaveAsync("Diary", new JsonObject { ["entry"] = "bob's first" });
        var late = await pairing.SignedInClientAsync(bobsKind, pairing.Token("bob-sub"));
        await alice.SaveAsync("Diary", new JsonObject { ["entry"] = "alice's second" });

        var alices = await Pairing.UntilAsync(alice, "Diary", r => r.Count >= 2, "held both of alice's entries");
        Assert.Equal(["alice's first", "alice's second"], alices.Select(e => e["entry"]!.GetValue<string>()).Order());
        Assert.Equal(["bob's first"], (await bob.QueryAsync("Diary")).Select(e => e["entry"]!.GetValue<string>()));
        Assert.Equal(["bob's first"], (await late.QueryAsync("Diary")).Select(e => e["entry"]!.GetValue<string>()));
        var stored = (await pairing.Server.PostAsync("{ syncDiaries { items { id owner } } }", token: pairing.Token("alice-sub")))["syncDiaries"]!["items"]!.AsArray();
        Assert.Equal("alice-sub", stored.Single(i => i!["id"]!.GetValue<string>() == mine)!["owner"]!.GetValue<string>());
    }
}
