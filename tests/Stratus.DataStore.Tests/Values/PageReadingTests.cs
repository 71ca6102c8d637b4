using System.Text.Json;
using System.Text.Json.Nodes;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Values;

/// <summary>
/// A sync page's items are read straight from the parsed page, other answers from JSON nodes: both must give the
/// same record, for every kind of value.
/// </summary>
public sealed class PageReadingTests
{
    private const string Item = """
        {
          "id": "p1", "title": "every value", "blogID": null, "rating": 4, "score": 2.5, "published": true,
          "status": "PUBLISHED", "tags": ["a", "b"], "statuses": ["DRAFT", null], "address": { "street": "Main", "city": null, "zip": 12345 },
          "publishedOn": "2026-12-01", "publishedAt": "10:11:12.345Z", "editedAt": "2026-12-01T10:11:12.345Z", "stamp": 1764583872,
          "contact": "a@example.com", "metadata": "{\"k\":[1,2]}", "link": "https://example.com", "phone": "+15551234567",
          "ip": "10.0.0.1", "views": 3, "_version": 7, "_deleted": false, "_lastChangedAt": 1764583872345, "__typename": "Post"
        }
        """;

    [Fact]
    public async Task An_item_read_from_the_parsed_page_equals_the_item_read_from_nodes()
    {
        await using var client = TempStore.Create();
        var info = client.Store.Catalog.Get(typeof(Post));
        using var document = JsonDocument.Parse(Item);

        var fromPage = client.Store.Merger.Read(info, document.RootElement);
        var fromNodes = client.Store.Merger.Read(info, JsonNode.Parse(Item)!.AsObject());

        Assert.Equal((fromNodes.Id, fromNodes.Version, fromNodes.Deleted, fromNodes.LastChangedAt), (fromPage.Id, fromPage.Version, fromPage.Deleted, fromPage.LastChangedAt));
        Assert.Equal(("p1", 7L, false, (long?)1764583872345), (fromPage.Id, fromPage.Version, fromPage.Deleted, fromPage.LastChangedAt));
        Assert.Equal(client.Store.Codec.ToJson(info, fromNodes.Record).ToJsonString(), client.Store.Codec.ToJson(info, fromPage.Record).ToJsonString());
        var post = (Post)fromPage.Record;
        Assert.Equal((4, 2.5, true, Status.PUBLISHED, "Main", 12345), (post.Rating, post.Score, post.Published, post.Status, post.Address!.Street, post.Address.Zip));
        Assert.Equal(["a", "b"], post.Tags!);
        Assert.Equal([Status.DRAFT, null], post.Statuses!);
        Assert.Equal("{\"k\":[1,2]}", post.Metadata);
    }

    [Fact]
    public async Task Missing_and_null_values_and_absent_sync_fields_read_alike()
    {
        await using var client = TempStore.Create();
        var info = client.Store.Catalog.Get(typeof(Post));
        const string sparse = """{ "id": "p2", "title": "sparse", "rating": null, "_deleted": true }""";
        using var document = JsonDocument.Parse(sparse);

        var fromPage = client.Store.Merger.Read(info, document.RootElement);
        var fromNodes = client.Store.Merger.Read(info, JsonNode.Parse(sparse)!.AsObject());

        Assert.Equal(client.Store.Codec.ToJson(info, fromNodes.Record).ToJsonString(), client.Store.Codec.ToJson(info, fromPage.Record).ToJsonString());
        Assert.Equal((0L, true, (long?)null), (fromPage.Version, fromPage.Deleted, fromPage.LastChangedAt));
        Assert.Null(((Post)fromPage.Record).Rating);
    }

    [Theory]
    [InlineData("""{ "id": "p3", "title": "t", "rating": 1.5 }""")]
    [InlineData("""{ "id": "p3", "title": { "not": "text" } }""")]
    public async Task A_value_of_the_wrong_kind_is_refused_alike(string item)
    {
        await using var client = TempStore.Create();
        var info = client.Store.Catalog.Get(typeof(Post));
        using var document = JsonDocument.Parse(item);

        var fromPage = Record.Exception(() => client.Store.Merger.Read(info, document.RootElement));
        var fromNodes = Record.Exception(() => client.Store.Merger.Read(info, JsonNode.Parse(item)!.AsObject()));

        Assert.NotNull(fromNodes);
        Assert.Equal(fromNodes.GetType(), fromPage?.GetType());
    }
}
