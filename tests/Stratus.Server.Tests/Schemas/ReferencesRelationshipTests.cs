using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Server.Tests.Schemas;

/// <summary>
/// Relationships by <c>references:</c> resolve through the fields the schema names, with no implicit foreign key:
/// a @hasMany and a @hasOne find the children holding the parent's key (composite keys included), a @belongsTo
/// finds the parent.
/// </summary>
public sealed class ReferencesRelationshipTests : IAsyncLifetime
{
    private const string Schema = """
        type Team @model { id: ID! mantra: String! members: [Member] @hasMany(references: ["teamId"]) }
        type Member @model { id: ID! name: String! teamId: ID team: Team @belongsTo(references: ["teamId"]) }
        type Cart @model { id: ID! items: [String] customer: Customer @belongsTo(references: ["customerId"]) customerId: ID }
        type Customer @model { id: ID! name: String activeCart: Cart @hasOne(references: ["customerId"]) }
        type Room @model {
          building: String! @primaryKey(sortKeyFields: ["number"])
          number: Int!
          meetings: [Meeting] @hasMany(references: ["roomBuilding", "roomNumber"])
        }
        type Meeting @model { id: ID! topic: String! roomBuilding: String roomNumber: Int room: Room @belongsTo(references: ["roomBuilding", "roomNumber"]) }
        """;

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"stratus-references-{Guid.NewGuid():N}.graphql");
    private StratusTestServer? _server;

    private StratusTestServer Server => _server!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_file, Schema);
        _server = await StratusTestServer.StartAsync(SqliteFiles.New(), _file);
    }

    [Fact]
    public async Task HasMany_and_belongsTo_by_references_match_the_named_field()
    {
        (await Server.PostAsync("mutation { createTeam(input: { id: \"t1\", mantra: \"ship\" }) { id } }")).Ok();
        (await Server.PostAsync("mutation { createTeam(input: { id: \"t2\", mantra: \"rest\" }) { id } }")).Ok();
        foreach (var (id, teamId) in new[] { ("m1", "t1"), ("m2", "t1"), ("m3", "t2") })
        {
            (await Server.PostAsync($"mutation {{ createMember(input: {{ id: \"{id}\", name: \"{id}\", teamId: \"{teamId}\" }}) {{ id }} }}")).Ok();
        }

        var members = (await Server.PostAsync("{ getTeam(id: \"t1\") { members { items { id } } } }")).Ok().Data("getTeam")!["members"]!["items"]!.AsArray();
        Assert.Equal(["m1", "m2"], members.Select(m => m!["id"]!.GetValue<string>()).Order());
        var team = (await Server.PostAsync("{ getMember(id: \"m3\") { team { id mantra } } }")).Ok().Data("getMember")!["team"]!;
        Assert.Equal("rest", team["mantra"]!.GetValue<string>());
    }

    [Fact]
    public async Task HasOne_by_references_finds_the_child_holding_the_parents_key()
    {
        (await Server.PostAsync("mutation { createCustomer(input: { id: \"c1\", name: \"Ada\" }) { id } }")).Ok();
        (await Server.PostAsync("mutation { createCustomer(input: { id: \"c2\", name: \"Bo\" }) { id } }")).Ok();
        (await Server.PostAsync("mutation { createCart(input: { id: \"cart1\", items: [\"tea\"], customerId: \"c1\" }) { id } }")).Ok();

        var cart = (await Server.PostAsync("{ getCustomer(id: \"c1\") { activeCart { id items customer { name } } } }")).Ok().Data("getCustomer")!["activeCart"]!;
        Assert.Equal("cart1", cart["id"]!.GetValue<string>());
        Assert.Equal("Ada", cart["customer"]!["name"]!.GetValue<string>());
        Assert.Null((await Server.PostAsync("{ getCustomer(id: \"c2\") { activeCart { id } } }")).Ok().Data("getCustomer")!["activeCart"]);
    }

    [Fact]
    public async Task HasMany_by_references_to_a_composite_key_matches_every_key_field()
    {
        (await Server.PostAsync("mutation { createRoom(input: { building: \"A\", number: 1 }) { building } }")).Ok();
        (await Server.PostAsync("mutation { createRoom(input: { building: \"A\", number: 2 }) { building } }")).Ok();
        (await Server.PostAsync("mutation { createMeeting(input: { id: \"x\", topic: \"plan\", roomBuilding: \"A\", roomNumber: 1 }) { id } }")).Ok();
        (await Server.PostAsync("mutation { createMeeting(input: { id: \"y\", topic: \"demo\", roomBuilding: \"A\", roomNumber: 2 }) { id } }")).Ok();

        var meetings = (await Server.PostAsync("{ getRoom(building: \"A\", number: 2) { meetings { items { id } } } }")).Ok().Data("getRoom")!["meetings"]!["items"]!.AsArray();
        Assert.Equal(["y"], meetings.Select(m => m!["id"]!.GetValue<string>()));
        var room = (await Server.PostAsync("{ getMeeting(id: \"x\") { room { building number } } }")).Ok().Data("getMeeting")!["room"]!;
        Assert.Equal(1, room["number"]!.GetValue<int>());
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        File.Delete(_file);
    }
}
