using Stratus.Schema.AppSync.Errors;
using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.SyncApi;

namespace Stratus.Server.Tests.Auth;

/// <summary>
/// Each @auth rule kind × each operation (get, list, sync, create, update, delete, subscribe): an allowed identity
/// succeeds and a denied one fails without seeing the item. Callers: an API key, alice (no groups), bob (groups
/// staff and red). Run on both providers.
/// </summary>
public abstract class AuthRulesTests : SyncApiTestBase, IDisposable
{
    private const string ClientId = "app";
    private readonly string _directory = Directory.CreateTempSubdirectory("stratus-rules-").FullName;
    private readonly TokenIssuer _issuer = new("https://issuer.test");

    protected static new string SchemaFile => Path.Combine(AppContext.BaseDirectory, "Schemas", "auth.graphql");

    public override async Task InitializeAsync() => await RestartAsync(o =>
    {
        o.Schema = SchemaFile;
        o.AuthMode = AuthMode.OpenId_Connect;
        o.AdditionalAuthModes = [AuthMode.Api_Key];
        o.OidcIssuer = _issuer.Issuer;
        o.OidcClientId = ClientId;
        o.OidcJwks = _issuer.WriteJwks(_directory);
    });

    public void Dispose()
    {
        _issuer.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    public enum Caller
    {
        ApiKey,
        Alice,
        Bob,
    }

    private HttpClient Client(Caller caller)
    {
        var http = new HttpClient { BaseAddress = Server.Client.BaseAddress, Timeout = TestTimeouts.Default };
        if (caller == Caller.ApiKey)
        {
            http.DefaultRequestHeaders.Add("x-api-key", StratusTestServer.ApiKey);
        }
        else
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", Token(caller));
        }

        return http;
    }

    private string Token(Caller caller) => caller == Caller.Alice
        ? _issuer.Create(Server.Time.GetUtcNow(), TimeSpan.FromHours(1), ClientId, claims: [new Claim("sub", "a1"), new Claim("cognito:username", "alice")])
        : _issuer.Create(Server.Time.GetUtcNow(), TimeSpan.FromHours(1), ClientId, claims: [new Claim("sub", "b2"), new Claim("cognito:username", "bob"), new Claim("cognito:groups", "staff"), new Claim("cognito:groups", "red")]);

    private static object Input(string model, Caller creator) => model switch
    {
        "TeamNote" => new { text = "x", team = "red" },
        "SharedNote" => new { text = "x", editors = new[] { creator == Caller.Bob ? "b2::bob" : "a1::alice" } },
        _ => new { text = "x" },
    };

    private async Task<GraphqlResponse> CreateAsync(string model, Caller caller, object? input = null)
    {
        using var http = Client(caller);
        return await Server.PostAsync($"mutation($input: Create{model}Input!) {{ create{model}(input: $input) {{ id _version }} }}", new { input = input ?? Input(model, caller) }, http);
    }

    public static TheoryData<string, Caller, Caller, string> Cases() => new()
    {
        // model, creator (allowed), caller, the operations the caller may perform ("" = none)
        { "PublicNote", Caller.ApiKey, Caller.ApiKey, "get list sync create update delete subscribe" },
        { "PublicNote", Caller.ApiKey, Caller.Alice, "" },
        { "PrivateNote", Caller.Alice, Caller.Alice, "get list sync create update delete subscribe" },
        { "PrivateNote", Caller.Alice, Caller.Bob, "get list sync create update delete subscribe" },
        { "PrivateNote", Caller.Alice, Caller.ApiKey, "" },
        { "OwnedNote", Caller.Alice, Caller.Alice, "get list sync create update delete subscribe" },
        { "OwnedNote", Caller.Alice, Caller.Bob, "create" },
        { "OwnedNote", Caller.Alice, Caller.ApiKey, "" },
        { "StaffNote", Caller.Bob, Caller.Bob, "get list sync create update delete subscribe" },
        { "StaffNote", Caller.Bob, Caller.Alice, "" },
        { "TeamNote", Caller.Bob, Caller.Bob, "get list sync create update delete subscribe" },
        { "TeamNote", Caller.Bob, Caller.Alice, "" },
        { "SharedNote", Caller.Alice, Caller.Alice, "get list sync create update delete subscribe" },
        { "SharedNote", Caller.Alice, Caller.ApiKey, "get list sync subscribe" },
        { "SharedNote", Caller.Alice, Caller.Bob, "create" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_rule_allows_and_denies_each_operation(string model, Caller creator, Caller caller, string allowed)
    {
        var may = allowed.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var plural = model + "s";
        using var http = Client(caller);

        // subscribe first, so it can see the creator's item being created
        await using var realtime = await ConnectAsync(caller);
        var subscription = Guid.NewGuid().ToString();
        await realtime.StartAsync($"subscription {{ onCreate{model} {{ id }} }}", id: subscription, apiKey: caller == Caller.ApiKey ? StratusTestServer.ApiKey : "", expectAck: false);
        var startAnswer = await realtime.ReceiveAsync();

        var id = (await CreateAsync(model, creator)).Ok().Data($"create{model}")!["id"]!.GetValue<string>();

        if (may.Contains("subscribe"))
        {
            Assert.Equal("start_ack", startAnswer!["type"]!.GetValue<string>());
            Assert.Equal(id, (await realtime.ExpectAsync("data", subscription))["payload"]!["data"]![$"onCreate{model}"]!["id"]!.GetValue<string>());
        }
        else if (startAnswer!["type"]!.GetValue<string>() == "start_ack")
        {
            // Narrowed to the caller's own items: its own creation is the next event, never the creator's.
            var own = (await CreateAsync(model, caller)).Ok().Data($"create{model}")!["id"]!.GetValue<string>();
            Assert.Equal(own, (await realtime.ExpectAsync("data", subscription))["payload"]!["data"]![$"onCreate{model}"]!["id"]!.GetValue<string>());
        }
        else
        {
            Assert.Equal("Unauthorized", startAnswer["payload"]!["errors"]![0]!["errorType"]!.GetValue<string>());
        }

        var get = await Server.PostAsync($"query($id: ID!) {{ get{model}(id: $id) {{ id }} }}", new { id }, http);
        Assert.Equal(may.Contains("get"), get.Errors.Count == 0 && get.Data($"get{model}") is not null);
        var list = await Server.PostAsync($"{{ list{plural} {{ items {{ id }} }} }}", client: http);
        Assert.Equal(may.Contains("list"), list.Errors.Count == 0 && list.Data($"list{plural}")!["items"]!.AsArray().Any(i => i!["id"]!.GetValue<string>() == id));
        var sync = await Server.PostAsync($"{{ sync{plural}(lastSync: 0) {{ items {{ id }} }} }}", client: http);
        Assert.Equal(may.Contains("sync"), sync.Errors.Count == 0 && sync.Data($"sync{plural}")!["items"]!.AsArray().Any(i => i!["id"]!.GetValue<string>() == id));

        var created = await CreateAsync(model, caller);
        Assert.Equal(may.Contains("create"), created.Errors.Count == 0);

        var update = await Server.PostAsync($"mutation($input: Update{model}Input!) {{ update{model}(input: $input) {{ _version }} }}", new { input = new { id, text = "changed", _version = 1 } }, http);
        Assert.Equal(may.Contains("update"), update.Errors.Count == 0);
        var delete = await Server.PostAsync($"mutation($input: Delete{model}Input!) {{ delete{model}(input: $input) {{ _deleted }} }}", new { input = new { id, _version = may.Contains("update") ? 2 : 1 } }, http);
        Assert.Equal(may.Contains("delete"), delete.Errors.Count == 0);
        foreach (var refused in new[] { get, list, sync, created, update, delete }.Where(r => r.Errors.Count > 0))
        {
            Assert.Equal(refused.Status == HttpStatusCode.Unauthorized ? "UnauthorizedException" : "Unauthorized", refused.ErrorType);
        }
    }

    [Fact]
    public async Task Two_users_syncing_an_owner_scoped_model_each_see_only_their_own_records()
    {
        foreach (var caller in new[] { Caller.Alice, Caller.Bob, Caller.Alice, Caller.Bob })
        {
            (await CreateAsync("OwnedNote", caller)).Ok();
        }

        using var alice = Client(Caller.Alice);
        using var bob = Client(Caller.Bob);
        var aliceBase = await Server.PostAsync("{ syncOwnedNotes(lastSync: 0) { items { id owner _version } startedAt } }", client: alice);
        var bobBase = await Server.PostAsync("{ syncOwnedNotes(lastSync: 0) { items { id owner } } }", client: bob);
        var startedAt = aliceBase.Ok().Data("syncOwnedNotes")!["startedAt"]!.GetValue<long>();
        Assert.All(aliceBase.Data("syncOwnedNotes")!["items"]!.AsArray(), i => Assert.Equal("a1::alice", i!["owner"]!.GetValue<string>()));
        Assert.Equal(2, aliceBase.Data("syncOwnedNotes")!["items"]!.AsArray().Count);
        Assert.All(bobBase.Ok().Data("syncOwnedNotes")!["items"]!.AsArray(), i => Assert.Equal("b2::bob", i!["owner"]!.GetValue<string>()));

        Server.Time.Advance(TimeSpan.FromSeconds(1));
        (await CreateAsync("OwnedNote", Caller.Bob)).Ok();
        var mine = (await CreateAsync("OwnedNote", Caller.Alice)).Ok().Data("createOwnedNote")!["id"]!.GetValue<string>();
        var aliceDelta = await Server.PostAsync("query($s: AWSTimestamp) { syncOwnedNotes(lastSync: $s) { items { id } } }", new { s = startedAt }, alice);

        Assert.Equal([mine], aliceDelta.Ok().Data("syncOwnedNotes")!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_owner_cannot_create_for_or_hand_an_item_to_someone_else()
    {
        // The implicit owner field is in no input type (the server fills it); a declared owner list is, and is guarded.
        var foreign = await CreateAsync("OwnedNote", Caller.Alice, new { text = "x", owner = "b2::bob" });
        var foreignShared = await CreateAsync("SharedNote", Caller.Alice, new { text = "x", editors = new[] { "b2::bob" } });
        var id = (await CreateAsync("SharedNote", Caller.Alice)).Ok().Data("createSharedNote")!["id"]!.GetValue<string>();
        using var alice = Client(Caller.Alice);
        var handOver = await Server.PostAsync("mutation($input: UpdateSharedNoteInput!) { updateSharedNote(input: $input) { editors } }",
            new { input = new { id, editors = new[] { "b2::bob" }, _version = 1 } }, alice);
        var owned = (await CreateAsync("OwnedNote", Caller.Alice)).Ok().Data("createOwnedNote")!["id"]!.GetValue<string>();
        var stored = await Server.PostAsync($"{{ getOwnedNote(id: \"{owned}\") {{ owner }} }}", client: alice);

        Assert.Equal("ValidationError", foreign.ErrorType);
        Assert.Equal("Unauthorized", foreignShared.ErrorType);
        Assert.Equal("Unauthorized", handOver.ErrorType);
        Assert.Equal("a1::alice", stored.Ok().Data("getOwnedNote")!["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task Field_rules_guard_reads_writes_and_redact_subscription_events()
    {
        using var alice = Client(Caller.Alice);
        using var bob = Client(Caller.Bob);
        await using var aliceEvents = await ConnectAsync(Caller.Alice);
        var subscription = await aliceEvents.StartAsync("subscription { onCreateProfile { id name salary } }", apiKey: "");

        var denied = await Server.PostAsync("mutation { createProfile(input: {name: \"a\", salary: 1}) { id } }", client: alice);
        var plain = await Server.PostAsync("mutation { createProfile(input: {name: \"a\"}) { id } }", client: alice);
        var staff = await Server.PostAsync("mutation { createProfile(input: {name: \"b\", salary: 100}) { id salary } }", client: bob);
        var id = staff.Ok().Data("createProfile")!["id"]!.GetValue<string>();
        var aliceRead = await Server.PostAsync($"{{ getProfile(id: \"{id}\") {{ name salary }} }}", client: alice);
        var bobRead = await Server.PostAsync($"{{ getProfile(id: \"{id}\") {{ name salary }} }}", client: bob);

        Assert.Equal("Unauthorized", denied.ErrorType);
        plain.Ok();
        Assert.Equal(100, staff.Data("createProfile")!["salary"]!.GetValue<int>());
        Assert.Equal("b", aliceRead.Data("getProfile")!["name"]!.GetValue<string>());
        Assert.Null(aliceRead.Data("getProfile")!["salary"]);
        Assert.Equal("Unauthorized", aliceRead.ErrorType);
        Assert.Equal(100, bobRead.Ok().Data("getProfile")!["salary"]!.GetValue<int>());
        await aliceEvents.ExpectAsync("data", subscription);
        var redacted = await aliceEvents.ExpectAsync("data", subscription);
        Assert.Null(redacted["payload"]!["errors"]);
        Assert.Equal("b", redacted["payload"]!["data"]!["onCreateProfile"]!["name"]!.GetValue<string>());
        Assert.Null(redacted["payload"]!["data"]!["onCreateProfile"]!["salary"]);
    }

    [Fact]
    public async Task Filtering_a_subscription_on_a_field_is_allowed_only_to_callers_who_may_read_it()
    {
        using var bob = Client(Caller.Bob);
        await using var aliceEvents = await ConnectAsync(Caller.Alice);
        await using var bobEvents = await ConnectAsync(Caller.Bob);
        const string Filtered = "subscription { onCreateProfile(filter: {salary: {gt: 50}}) { id name } }";

        var refused = await aliceEvents.StartAsync(Filtered, apiKey: "", expectAck: false);
        var error = await aliceEvents.ExpectAsync("error", refused);
        var allowed = await bobEvents.StartAsync(Filtered, apiKey: "");
        await Server.PostAsync("mutation { createProfile(input: {name: \"low\", salary: 10}) { id } }", client: bob);
        await Server.PostAsync("mutation { createProfile(input: {name: \"high\", salary: 100}) { id } }", client: bob);

        Assert.Equal("Unauthorized", error["payload"]!["errors"]![0]!["errorType"]!.GetValue<string>());
        Assert.Equal("high", (await bobEvents.ExpectAsync("data", allowed))["payload"]!["data"]!["onCreateProfile"]!["name"]!.GetValue<string>());
    }

    private async Task<RealtimeClient> ConnectAsync(Caller caller)
    {
        var socket = caller == Caller.ApiKey
            ? await RealtimeClient.ConnectAsync(Server.Client.BaseAddress!)
            : await RealtimeClient.ConnectAsync(Server.Client.BaseAddress!, HandshakeAuth.Authorization, Token(caller));
        await socket.InitAsync();
        return socket;
    }
}

public sealed class SqliteAuthRulesTests : AuthRulesTests
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuthRulesTests(PostgresFixture postgres) : AuthRulesTests
{
    protected override Task<string> CreateDatabaseAsync() => postgres.Server.CreateDatabaseAsync();
}
