using Microsoft.Extensions.DependencyInjection;
using Stratus.Server.Storage;

namespace Stratus.Server.Tests.SyncApi;

/// <summary>
/// Pages whose items select only stored fields are written straight from the stored JSON; every other selection
/// goes through the engine field by field. Both must answer byte for byte alike (a directive on a field is enough
/// to take the engine's way).
/// </summary>
public abstract partial class SyncApiTests
{
    private const string PlainItems = "__typename id title status rating score published tags labels counts meta email publishedOn createdAt updatedAt _version _deleted _lastChangedAt";
    private const string EngineItems = "__typename id title @include(if: true) status rating score published tags labels counts meta email publishedOn createdAt updatedAt _version _deleted _lastChangedAt";

    private async Task SeedVariedPostsAsync()
    {
        await CreatePostAsync(new { title = "plain" });
        await CreatePostAsync(new
        {
            title = "ünïcödé \"quoted\" \\ back\u2028line 🚀 <tag>&",
            status = "PUBLISHED",
            rating = -2147483648,
            score = 1.5e-7,
            published = false,
            tags = new[] { "a", "é" },
            labels = new[] { "DRAFT", "PUBLISHED" },
            counts = new[] { 0, 2147483647 },
            meta = "{\"nested\":[1,{\"x\":null}]}",
            email = "someone@example.com",
            publishedOn = "2026-12-01",
        });
        var gone = await CreatePostAsync(new { title = "deleted", score = 3.0, tags = Array.Empty<string>() });
        (await DeletePostAsync(new { id = Id(gone), _version = 1 })).Ok();
    }

    [Theory]
    [InlineData("syncPosts(lastSync: 0, limit: 2)")]
    [InlineData("syncPosts(lastSync: 0)")]
    [InlineData("listPosts")]
    [InlineData("postsByStatus(status: PUBLISHED)")]
    public async Task A_page_written_from_stored_json_equals_the_engine_s_answer(string field)
    {
        await SeedVariedPostsAsync();

        var plain = await Server.PostAsync($"{{ page: {field} {{ items {{ {PlainItems} }} nextToken }} }}");
        var engine = await Server.PostAsync($"{{ page: {field} {{ items {{ {EngineItems} }} nextToken }} }}");

        var items = plain.Ok().Data("page")!["items"]!.AsArray();
        Assert.NotEmpty(items);
        Assert.Equal(engine.Ok().Data("page")!["items"]!.ToJsonString(), items.ToJsonString());
    }

    [Fact]
    public async Task Aliases_and_a_partial_selection_are_written_as_asked()
    {
        await SeedVariedPostsAsync();

        var page = (await Server.PostAsync("{ syncPosts(lastSync: 0) { items { name: title v: _version gone: _deleted } } }")).Ok().Data("syncPosts")!;

        var items = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.All(items, i => Assert.Equal(["name", "v", "gone"], i.Select(p => p.Key)));
        Assert.Equal([true], items.Where(i => i["name"]!.GetValue<string>() == "deleted").Select(i => i["gone"]!.GetValue<bool>()));
        Assert.All(items.Where(i => i["name"]!.GetValue<string>() != "deleted"), i => Assert.Null(i["gone"]));
    }

    [Fact]
    public async Task A_stored_value_that_does_not_fit_its_field_gets_the_engine_s_error()
    {
        var post = await CreatePostAsync(new { title = "tampered", score = 3.5 });
        var connections = Server.Services.GetRequiredService<ConnectionFactory>();
        await using (var connection = await connections.OpenAsync(CancellationToken.None))
        await using (var command = connection.CreateCommand())
        {
            // title (String!) gone, score (Float) a string: as an item written before a schema change could be.
            var data = connections.Postgres is null ? "@data" : "CAST(@data AS jsonb)";
            command.CommandText = $"UPDATE stratus_items SET data = {data} WHERE model = 'Post' AND pk = @pk";
            command.Parameters.Add(Parameter(command, "@data", $"{{\"id\":\"{Id(post)}\",\"score\":\"not a number\"}}"));
            command.Parameters.Add(Parameter(command, "@pk", Id(post)));
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var response = await Server.PostAsync("{ syncPosts(lastSync: 0) { items { id title score } } }");

        // title is String!: the engine reports it and nulls the item, as it would without the fast path.
        Assert.NotEmpty(response.Errors);
        Assert.Contains(response.Errors, e => e!.ToJsonString().Contains("title", StringComparison.Ordinal));
    }

    private static System.Data.Common.DbParameter Parameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        return parameter;
    }
}
