using Stratus.Schema.AppSync;
using Stratus.Schema.Parsing;

namespace Stratus.Schema.Tests;

/// <summary>
/// A schema with its own input types and custom Query/Mutation/Subscription fields (Amplify's <c>@function</c>
/// operations) loads, and its generated API keeps them before the generated operations, data-source directives left
/// out and <c>@aws_subscribe</c> kept, as the transformer's output does (the oracle corpus checks the whole output).
/// </summary>
public sealed class CustomOperationTests
{
    private const string Schema = """
        input EchoInput { text: String! times: Int = 1 }
        type Note @model { id: ID! title: String! }
        type Query { echo(input: EchoInput!): String @function(name: "echo-${env}") }
        type Mutation { archiveNotes(before: AWSDateTime!, dryRun: Boolean): Int @function(name: "archive") }
        type Subscription { onEcho: String @aws_subscribe(mutations: ["archiveNotes"]) }
        """;

    [Fact]
    public void Input_types_and_custom_operations_are_kept_beside_the_generated_api()
    {
        var schema = SchemaParser.Parse(Schema);
        var sdl = AppSyncSdlWriter.Write(schema);

        Assert.Equal(["echo", "archiveNotes", "onEcho"], schema.CustomFields.Select(f => f.Name));
        Assert.Contains("input EchoInput {\n  text: String!\n  times: Int = 1\n}\n", sdl, StringComparison.Ordinal);
        var query = Block(sdl, "type Query");
        Assert.Contains("  getNote(id: ID!): Note\n", query, StringComparison.Ordinal);
        Assert.StartsWith("type Query {\n  echo(input: EchoInput!): String\n", query, StringComparison.Ordinal);
        Assert.StartsWith("type Mutation {\n  archiveNotes(before: AWSDateTime!, dryRun: Boolean): Int\n", Block(sdl, "type Mutation"), StringComparison.Ordinal);
        Assert.Contains("  onEcho: String @aws_subscribe(mutations: [\"archiveNotes\"])\n", Block(sdl, "type Subscription"), StringComparison.Ordinal);
        Assert.DoesNotContain("@function", sdl, StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_operation_named_like_a_generated_one_is_refused_with_what_to_rename()
    {
        var error = Assert.Throws<SchemaException>(() => SchemaParser.Parse("type Note @model { id: ID! } type Query { listNotes: [Note] }"));

        Assert.Equal("duplicate-field", error.Rule);
        Assert.Contains("Query.listNotes is also generated from a @model type; rename the custom operation.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_http_operation_without_an_http_url_is_refused_with_its_field()
    {
        var error = Assert.Throws<SchemaException>(() => SchemaParser.Parse("type Note @model { id: ID! }\ntype Query { weather(city: String!): AWSJSON @http(url: \"ftp://x/:city\") }"));

        Assert.Equal("http-url", error.Rule);
        Assert.Equal(2, error.Position.Line);
        Assert.Contains("Query.weather: @http needs url: beginning with http:// or https:// (got 'ftp://x/:city')", error.Message, StringComparison.Ordinal);
    }

    private static string Block(string sdl, string header)
    {
        var start = sdl.IndexOf(header + " {", StringComparison.Ordinal);
        return sdl[start..(sdl.IndexOf("\n}", start, StringComparison.Ordinal) + 2)];
    }
}
