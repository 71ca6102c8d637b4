using Stratus.Schema.AppSync;
using Stratus.Schema.Parsing;

namespace Stratus.Schema.Tests;

public sealed class AppSyncSdlWriterTests
{
    private const string Post = "type Post @model { id: ID! title: String! tags: [String] rating: Int }";

    [Fact]
    public void Executable_schema_declares_the_aws_scalars()
    {
        var executable = AppSyncSdlWriter.WriteExecutable(SchemaParser.Parse(Post));

        Assert.Contains("scalar AWSTimestamp", executable, StringComparison.Ordinal);
        Assert.Contains("directive @aws_subscribe", executable, StringComparison.Ordinal);
        Assert.DoesNotContain("scalar AWSTimestamp", AppSyncSdlWriter.Write(SchemaParser.Parse(Post)), StringComparison.Ordinal);
    }

    [Fact]
    public void Switched_off_operations_leave_only_the_type()
    {
        var schema = SchemaParser.Parse("type Post @model(queries: null, mutations: null, subscriptions: null) { id: ID! t: String } type Other @model { id: ID! }");

        var sdl = AppSyncSdlWriter.Write(schema);

        Assert.Contains("type Post {", sdl, StringComparison.Ordinal);
        Assert.DoesNotContain("ModelPostFilterInput", sdl, StringComparison.Ordinal);
        Assert.DoesNotContain("createPost", sdl, StringComparison.Ordinal);
        Assert.Contains("syncOthers(", sdl, StringComparison.Ordinal);
    }
}
