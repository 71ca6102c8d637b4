using System.Security.Claims;
using Stratus.DataStore.Api;
using Stratus.Schema.Model;
using Stratus.Schema.Parsing;
using Stratus.Server.Tests.Infrastructure;
using ServerAuthMode = Stratus.Server.Hosting.AuthMode;

namespace Stratus.DataStore.Tests.Api;

/// <summary>The API client against a real Stratus server on loopback: OIDC by default, API keys as an additional mode.</summary>
public sealed class AppSyncClientTests : IAsyncLifetime
{
    private const string ClientId = "app";
    private static readonly string SchemaFile = Path.Combine(AppContext.BaseDirectory, "Api", "auth.graphql");
    private static readonly ModelSchema Schema = SchemaParser.Parse(File.ReadAllText(SchemaFile));
    private readonly string _directory = Directory.CreateTempSubdirectory("stratus-client-auth-").FullName;
    private readonly TokenIssuer _issuer = new("https://issuer.test");
    private readonly HttpClient _http = new() { Timeout = TestTimeouts.Default };
    private StratusTestServer _server = null!;

    public async Task InitializeAsync() => _server = await StratusTestServer.StartAsync(SqliteFiles.New(), SchemaFile, o =>
    {
        o.AuthMode = ServerAuthMode.OpenId_Connect;
        o.AdditionalAuthModes = [ServerAuthMode.Api_Key];
        o.OidcIssuer = _issuer.Issuer;
        o.OidcClientId = ClientId;
        o.OidcJwks = _issuer.WriteJwks(_directory);
    });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _issuer.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_signed_in_user_writes_an_owner_only_model_with_their_token()
    {
        var alice = Client(Token("a1", "alice"));

        var created = await alice.SendAsync(Schema.GetModel("Diary"), "create", "mutation($i: CreateDiaryInput!) { createDiary(input: $i) { id owner } }", new { i = new { text = "dear diary" } });

        Assert.Null(created.Errors);
        Assert.Equal(AuthMode.OpenIdConnect, created.AuthMode);
        Assert.Equal("a1::alice", created.Data!["createDiary"]!["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_signed_out_caller_reads_public_records_with_the_API_key_and_cannot_create()
    {
        var alice = Client(Token("a1", "alice"));
        await alice.SendAsync(Schema.GetModel("Board"), "create", "mutation { createBoard(input: {text: \"hello\"}) { id } }", null);
        var anonymous = Client(token: null);

        var listed = await anonymous.SendAsync(Schema.GetModel("Board"), "list", "{ listBoards { items { text } } }", null);
        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => anonymous.SendAsync(Schema.GetModel("Board"), "create", "mutation { createBoard(input: {text: \"x\"}) { id } }", null));

        Assert.Equal(AuthMode.ApiKey, listed.AuthMode);
        Assert.Equal("hello", listed.Data!["listBoards"]!["items"]![0]!["text"]!.GetValue<string>());
        Assert.Contains("No auth mode allows create on Board", error.Message);
    }

    [Fact]
    public async Task A_rejected_token_falls_through_to_the_next_mode()
    {
        var wrongAudience = _issuer.Create(_server.Time.GetUtcNow(), TimeSpan.FromHours(1), "someone-else", claims: [new Claim("sub", "a1")]);
        var client = Client(wrongAudience);

        Assert.Equal([AuthMode.OpenIdConnect, AuthMode.ApiKey], await client.AuthModesAsync(Schema.GetModel("Notice"), "list"));
        var listed = await client.SendAsync(Schema.GetModel("Notice"), "list", "{ listNotices { items { id } } }", null);
        var owned = await client.SendAsync(Schema.GetModel("Diary"), "list", "{ listDiaries { items { id } } }", null);

        Assert.Equal((AuthMode.ApiKey, null), (listed.AuthMode, listed.ErrorType));
        Assert.Equal((AuthMode.OpenIdConnect, "Unauthorized"), (owned.AuthMode, owned.ErrorType));
    }

    [Fact]
    public async Task A_partial_answer_with_a_field_level_Unauthorized_is_returned_not_sent_again()
    {
        var alice = Client(Token("a1", "alice"));

        var created = await alice.SendAsync(Schema.GetModel("Profile"), "create", "mutation { createProfile(input: {name: \"alice\"}) { id name bonus } }", null);

        Assert.Equal((AuthMode.OpenIdConnect, "Unauthorized", false), (created.AuthMode, created.ErrorType, created.IsUnauthorized));
        Assert.Equal("alice", created.Data!["createProfile"]!["name"]!.GetValue<string>());
        var count = await alice.SendAsync(Schema.GetModel("Profile"), "list", "{ listProfiles { items { id } } }", null);
        Assert.Single(count.Data!["listProfiles"]!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_model_without_auth_rules_uses_the_default_mode()
    {
        var anonymous = Client(token: null);

        Assert.Equal([AuthMode.ApiKey], await anonymous.AuthModesAsync(Schema.GetModel("Open"), "create"));
        var created = await anonymous.SendAsync(Schema.GetModel("Open"), "create", "mutation { createOpen(input: {text: \"o\"}) { text } }", null);
        Assert.Equal("o", created.Data!["createOpen"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failing_token_provider_counts_as_signed_out()
    {
        var client = new AppSyncClient(_http, Settings(), AuthModeStrategyType.MultiAuth, new FailingToken());

        var listed = await client.SendAsync(Schema.GetModel("Board"), "list", "{ listBoards { items { id } } }", null);

        Assert.Equal((AuthMode.ApiKey, null), (listed.AuthMode, listed.ErrorType));
    }

    [Fact]
    public async Task The_default_strategy_always_uses_the_configured_mode()
    {
        var client = new AppSyncClient(_http, Settings(), AuthModeStrategyType.Default);

        var result = await client.SendAsync(Schema.GetModel("Notice"), "create", "mutation { createNotice(input: {text: \"n\"}) { text } }", null);

        Assert.Equal((AuthMode.ApiKey, "n"), (result.AuthMode, result.Data!["createNotice"]!["text"]!.GetValue<string>()));
    }

    private AppSyncSettings Settings() => new(new Uri(_server.Client.BaseAddress!, "/graphql"), AuthMode.ApiKey, StratusTestServer.ApiKey);

    private AppSyncClient Client(string? token) => new(_http, Settings(), AuthModeStrategyType.MultiAuth, new FixedToken(token));

    private string Token(string sub, string username) =>
        _issuer.Create(_server.Time.GetUtcNow(), TimeSpan.FromHours(1), ClientId, claims: [new Claim("sub", sub), new Claim("cognito:username", username)]);

    private sealed class FailingToken : IAuthTokenProvider
    {
        public ValueTask<string?> GetTokenAsync(AuthMode mode, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("refresh failed");
    }

    private sealed class FixedToken(string? token) : IAuthTokenProvider
    {
        public ValueTask<string?> GetTokenAsync(AuthMode mode, CancellationToken cancellationToken) => ValueTask.FromResult(token);
    }
}
