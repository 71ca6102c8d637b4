using Stratus.Schema.AppSync;
using Stratus.Schema.Parsing;

namespace Stratus.Schema.Tests;

public sealed class AppSyncSdlWriterTests
{
    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Expected", name));

    [Fact]
    public void Post_example_matches_the_reference_output_exactly()
    {
        var actual = AppSyncSdlWriter.Write(SchemaParser.Parse(Read("post.graphql")));

        var differences = SdlComparer.Differences(Read("post.reference.graphql"), actual);

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public void Keys_indexes_enums_non_models_and_every_relationship_kind_match_the_transformer()
    {
        var actual = AppSyncSdlWriter.Write(SchemaParser.Parse(Read("blog.graphql")));

        var differences = SdlComparer.Differences(Read("blog.appsync.graphql"), actual);

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public void Several_auth_modes_add_the_aws_directives_owner_fields_and_arguments_the_transformer_does()
    {
        var actual = AppSyncSdlWriter.Write(SchemaParser.Parse(Read("multi.graphql")), new ApiAuthModes("userPools", ["apiKey"]));

        var differences = SdlComparer.Differences(Read("multi.appsync.graphql"), actual);

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public void Executable_schema_declares_the_aws_scalars()
    {
        var executable = AppSyncSdlWriter.WriteExecutable(SchemaParser.Parse(Read("post.graphql")));

        Assert.Contains("scalar AWSTimestamp", executable, StringComparison.Ordinal);
        Assert.Contains("directive @aws_subscribe", executable, StringComparison.Ordinal);
        Assert.DoesNotContain("scalar AWSTimestamp", AppSyncSdlWriter.Write(SchemaParser.Parse(Read("post.graphql"))), StringComparison.Ordinal);
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
