using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Server.Tests.Hosting;

/// <summary>
/// A schema with its own input type and custom operations loads and is served: the generated API works, the custom
/// operations are in the schema (for tools and clients), and calling one answers UnsupportedOperation.
/// </summary>
public sealed class CustomOperationTests : IAsyncLifetime
{
    private const string Schema = """
        input EchoInput { text: String! }
        type Note @model { id: ID! title: String! }
        type Query { echo(input: EchoInput!): String @function(name: "echo") }
        type Mutation { archiveNotes(dryRun: Boolean): Int @function(name: "archive") }
        """;

    private readonly string _schemaFile = Path.Combine(Path.GetTempPath(), $"stratus-custom-{Guid.NewGuid():N}.graphql");
    private StratusTestServer _server = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_schemaFile, Schema);
        _server = await StratusTestServer.StartAsync(SqliteFiles.New(), _schemaFile);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        File.Delete(_schemaFile);
    }

    [Fact]
    public async Task The_generated_api_runs_and_a_custom_operation_answers_UnsupportedOperation()
    {
        var created = await _server.PostAsync("mutation { createNote(input: {title: \"kept\"}) { title _version } }");
        var echo = await _server.PostAsync("{ echo(input: {text: \"hi\"}) }");
        var archive = await _server.PostAsync("mutation { archiveNotes(dryRun: true) }");
        var input = await _server.PostAsync("{ __type(name: \"EchoInput\") { kind inputFields { name } } }");

        Assert.Equal(1, created.Ok().Data("createNote")!["_version"]!.GetValue<int>());
        Assert.Equal(("UnsupportedOperation", "UnsupportedOperation"), (echo.ErrorType, archive.ErrorType));
        Assert.StartsWith("Query.echo is a custom operation of the schema", echo.SingleError["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("INPUT_OBJECT", input.Ok().Data("__type")!["kind"]!.GetValue<string>());
    }
}
