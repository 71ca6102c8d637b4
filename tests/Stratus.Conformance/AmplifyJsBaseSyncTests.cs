using System.Text.Json.Nodes;
using Stratus.Server.Tests.Infrastructure.AmplifyJs;

namespace Stratus.Conformance;

/// <summary>
/// The real amplify-js DataStore base-syncs from Stratus into an empty store: a relationship schema (its records and
/// the associations amplify-js resolves from the model introspection) and a custom primary key with a sort key; and
/// a record it saves is stored by the server at version 1.
/// </summary>
public sealed class AmplifyJsBaseSyncTests
{
    private const string Relationships = """
        type Blog @model { id: ID! name: String! posts: [Post] @hasMany }
        type Post @model { id: ID! title: String! blog: Blog @belongsTo comments: [Comment] @hasMany }
        type Comment @model { id: ID! text: String post: Post @belongsTo }
        """;

    private const string CustomKey = """
        type Reading @model {
          sensor: ID! @primaryKey(sortKeyFields: ["at"])
          at: AWSDateTime!
          value: Float
          unit: String
        }
        """;

    [Fact]
    public async Task A_relationship_schema_base_syncs_with_its_associations()
    {
        await using var server = await ConformanceServer.StartAsync(Relationships);
        await server.PostAsync("mutation { createBlog(input: { id: \"b1\", name: \"News\" }) { id } }");
        await server.PostAsync("mutation { createBlog(input: { id: \"b2\", name: \"Empty\" }) { id } }");
        await server.PostAsync("mutation { createPost(input: { id: \"p1\", title: \"One\", blogPostsId: \"b1\" }) { id } }");
        await server.PostAsync("mutation { createPost(input: { id: \"p2\", title: \"Two\", blogPostsId: \"b1\" }) { id } }");
        await server.PostAsync("mutation { createComment(input: { id: \"c1\", text: \"hi\", postCommentsId: \"p2\" }) { id } }");
        await server.PostAsync("mutation { updatePost(input: { id: \"p2\", title: \"Two, edited\", _version: 1 }) { id } }");

        await using var js = await AmplifyJsClient.CreateAsync(server.AmplifyJs);
        await js.StartAsync();

        var blogs = ById(await js.QueryAsync("Blog"));
        Assert.Equal(["p1", "p2"], blogs["b1"]["posts"]!.AsArray().Select(p => p!.GetValue<string>()).Order());
        Assert.Empty(blogs["b2"]["posts"]!.AsArray());
        var posts = ById(await js.QueryAsync("Post"));
        Assert.Equal("b1", posts["p1"]["blog"]!.GetValue<string>());
        Assert.Equal("Two, edited", posts["p2"]["title"]!.GetValue<string>());
        Assert.Equal(2, (await server.PostAsync("{ getPost(id: \"p2\") { _version } }"))["getPost"]!["_version"]!.GetValue<int>());
        Assert.Equal(["c1"], posts["p2"]["comments"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("p2", ById(await js.QueryAsync("Comment"))["c1"]["post"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_custom_primary_key_with_a_sort_key_base_syncs_and_a_save_reaches_the_server()
    {
        await using var server = await ConformanceServer.StartAsync(CustomKey);
        await server.PostAsync("mutation { createReading(input: { sensor: \"s1\", at: \"2026-01-01T00:00:00.000Z\", value: 1.5 }) { sensor } }");
        await server.PostAsync("mutation { createReading(input: { sensor: \"s1\", at: \"2026-01-02T00:00:00.000Z\", value: 2.5 }) { sensor } }");

        await using var js = await AmplifyJsClient.CreateAsync(server.AmplifyJs);
        await js.StartAsync();
        var readings = await js.QueryAsync("Reading");

        Assert.Equal([("2026-01-01T00:00:00.000Z", 1.5), ("2026-01-02T00:00:00.000Z", 2.5)],
            readings.Select(r => (r["at"]!.GetValue<string>(), r["value"]!.GetValue<double>())).Order());
        Assert.All(readings, r => Assert.Equal("s1", r["sensor"]!.GetValue<string>()));

        await js.SaveAsync("Reading", new JsonObject { ["sensor"] = "s2", ["at"] = "2026-02-01T00:00:00.000Z", ["value"] = 7.0, ["unit"] = "C" });
        var stored = (await server.PostAsync("{ getReading(sensor: \"s2\", at: \"2026-02-01T00:00:00.000Z\") { unit value _version _deleted } }"))["getReading"]!;
        Assert.Equal("C", stored["unit"]!.GetValue<string>());
        Assert.Equal(7.0, stored["value"]!.GetValue<double>());
        Assert.Equal(1, stored["_version"]!.GetValue<int>());
    }

    private static Dictionary<string, JsonObject> ById(List<JsonObject> records) => records.ToDictionary(r => r["id"]!.GetValue<string>());
}
