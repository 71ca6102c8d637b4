using System.Text.Json.Nodes;
using Stratus.Server.Conflicts;

namespace Stratus.Server.Tests.Conflicts;

/// <summary>AppSync's Automerge tenets, one rule per test (appsync-protocol.md §4).</summary>
public sealed class AutomergeTests
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static string Merge(string server, string incoming, params string[] jsonFields) =>
        Automerge.Merge(Json(server), Json(incoming), name => jsonFields.Contains(name)).ToJsonString();

    [Fact]
    public void A_scalar_the_server_holds_keeps_the_server_value() =>
        Assert.Equal("""{"jersey":5}""", Merge("""{"jersey":5}""", """{"jersey":55}"""));

    [Fact]
    public void A_field_new_or_null_on_the_server_takes_the_incoming_value() =>
        Assert.Equal("""{"a":1,"b":2,"c":3}""", Merge("""{"a":null,"b":2}""", """{"a":1,"c":3}"""));

    [Fact]
    public void Lists_are_concatenated_with_duplicates_kept() =>
        Assert.Equal("""{"tags":["x","y","y","z"]}""", Merge("""{"tags":["x","y"]}""", """{"tags":["y","z"]}"""));

    [Fact]
    public void Maps_merge_property_by_property() =>
        Assert.Equal("""{"address":{"city":"Oslo","tags":["a","b"],"street":"Main"}}""",
            Merge("""{"address":{"city":"Oslo","tags":["a"]}}""", """{"address":{"city":"Bergen","street":"Main","tags":["b"]}}"""));

    [Fact]
    public void Awsjson_objects_merge_by_the_same_rules() =>
        Assert.Equal("""{"meta":"{\u0022k\u0022:1,\u0022n\u0022:2}"}""", Merge("""{"meta":"{\"k\":1}"}""", """{"meta":"{\"k\":9,\"n\":2}"}""", "meta"));

    [Fact]
    public void Fields_absent_from_the_mutation_are_kept() =>
        Assert.Equal("""{"a":1,"b":2}""", Merge("""{"a":1,"b":2}""", """{}"""));
}
