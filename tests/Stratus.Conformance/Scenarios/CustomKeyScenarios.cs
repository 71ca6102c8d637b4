using System.Text.Json.Nodes;

namespace Stratus.Conformance.Scenarios;

/// <summary>
/// A model keyed by a partition field and a sort key (<c>Reading</c>: sensor, at) in every pairing: records of one
/// partition are created, updated and deleted by their whole key on one client and end the same on the other.
/// </summary>
public sealed class CustomKeyScenarios
{
    private static readonly string[] ReadingFields = ["sensor", "at", "value"];

    [Theory]
    [MemberData(nameof(Pairing.All), MemberType = typeof(Pairing))]
    public async Task Records_with_a_composite_key_are_created_updated_and_deleted_by_their_whole_key(string writer, string reader)
    {
        await using var pairing = await Pairing.StartAsync();
        var a = await pairing.ClientAsync(writer);
        var b = await pairing.ClientAsync(reader);
        var early = new JsonObject { ["sensor"] = "s1", ["at"] = "2026-01-01T00:00:00.000Z" };
        var late = new JsonObject { ["sensor"] = "s1", ["at"] = "2026-01-02T00:00:00.000Z" };
        await a.SaveAsync("Reading", new JsonObject { ["sensor"] = "s1", ["at"] = "2026-01-01T00:00:00.000Z", ["value"] = 1.5 });
        await a.SaveAsync("Reading", new JsonObject { ["sensor"] = "s1", ["at"] = "2026-01-02T00:00:00.000Z", ["value"] = 2.5 });
        await Pairing.UntilAsync(b, "Reading", r => r.Count == 2, "received both readings");

        await b.UpdateAsync("Reading", early, new JsonObject { ["value"] = 9.5 });
        await Pairing.UntilAsync(a, "Reading", r => r.Any(x => x["at"]!.GetValue<string>() == "2026-01-01T00:00:00.000Z" && x["value"]!.GetValue<double>() == 9.5), "received the update");
        await a.DeleteAsync("Reading", late);

        var left = await Pairing.UntilAsync(b, "Reading", r => r.Count == 1, "dropped the deleted reading");
        Assert.Equal("{\"sensor\":\"s1\",\"at\":\"2026-01-01T00:00:00.000Z\",\"value\":9.5}", Pairing.Fields(left.Single(), ReadingFields));
        Assert.Equal(Pairing.Fields(left.Single(), ReadingFields), Pairing.Fields((await a.QueryAsync("Reading")).Single(), ReadingFields));
        const string Get = "query($sensor: ID!, $at: AWSDateTime!) { getReading(sensor: $sensor, at: $at) { value _version _deleted } }";
        var kept = (await pairing.Server.PostAsync(Get, new { sensor = "s1", at = "2026-01-01T00:00:00.000Z" }))["getReading"]!;
        Assert.Equal(2, kept["_version"]!.GetValue<int>());
        var gone = (await pairing.Server.PostAsync(Get, new { sensor = "s1", at = "2026-01-02T00:00:00.000Z" }))["getReading"]!;
        Assert.True(gone["_deleted"]!.GetValue<bool>());
    }
}
