using System.Text.Json.Nodes;
using Stratus.Schema.Filters;

namespace Stratus.Schema.Tests;

public sealed class FilterEvaluatorTests
{
    private static readonly JsonObject Item = JsonNode.Parse("""{"title":"apple","rating":3,"tags":["red","fruit"],"done":true}""")!.AsObject();

    private static bool Matches(string json) =>
        FilterEvaluator.Matches(FilterParser.Parse(ToArguments(JsonNode.Parse(json)!.AsObject())), Item);

    private static Dictionary<string, object?> ToArguments(JsonObject json) => json.ToDictionary(p => p.Key, p => Convert(p.Value));

    private static object? Convert(JsonNode? node) => node switch
    {
        JsonObject o => ToArguments(o),
        JsonArray a => a.Select(Convert).ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v => v.GetValue<double>(),
        _ => null,
    };

    [Theory]
    [InlineData("""{"title":{"eq":"apple"}}""", true)]
    [InlineData("""{"title":{"beginsWith":"ap"}}""", true)]
    [InlineData("""{"title":{"gt":"Apple"}}""", true)]
    [InlineData("""{"rating":{"between":[1,3]}}""", true)]
    [InlineData("""{"rating":{"in":[1,2]}}""", false)]
    [InlineData("""{"rating":{"notIn":[1,2]}}""", true)]
    [InlineData("""{"tags":{"contains":"red"}}""", true)]
    [InlineData("""{"tags":{"notContains":"red"}}""", false)]
    [InlineData("""{"missing":{"eq":"x"}}""", false)]
    [InlineData("""{"missing":{"ne":"x"}}""", true)]
    [InlineData("""{"missing":{"lt":"x"}}""", false)]
    [InlineData("""{"missing":{"notContains":"x"}}""", true)]
    [InlineData("""{"missing":{"attributeExists":false}}""", true)]
    [InlineData("""{"not":{"missing":{"eq":"x"}}}""", true)]
    [InlineData("""{"or":[{"rating":{"eq":1}},{"done":{"eq":true}}]}""", true)]
    [InlineData("""{"and":[{"rating":{"eq":3}},{"done":{"ne":true}}]}""", false)]
    public void Null_semantics_and_operators(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Fact]
    public void Unknown_operator_is_a_clear_error()
    {
        var error = Assert.Throws<FilterException>(() => Matches("""{"title":{"like":"a%"}}"""));
        Assert.Contains("'like'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'title'", error.Message, StringComparison.Ordinal);
    }
}
