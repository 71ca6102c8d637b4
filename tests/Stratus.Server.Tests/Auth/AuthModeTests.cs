using Stratus.Schema.AppSync.Errors;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Stratus.Server.Auth;
using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.SyncApi;

namespace Stratus.Server.Tests.Auth;

/// <summary>OPENID_CONNECT and Cognito tokens, API keys with expiry and revocation, default and additional modes.</summary>
public sealed class AuthModeTests : SyncApiTestBase, IDisposable
{
    private const string ClientId = "client-1";
    private readonly string _directory = Directory.CreateTempSubdirectory("stratus-auth-").FullName;
    private readonly TokenIssuer _issuer = new("https://issuer.test");
    private readonly TokenIssuer _forger = new("https://issuer.test", "test-key");

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    protected override void Configure(StratusOptions options)
    {
        options.AuthMode = AuthMode.OpenId_Connect;
        options.AdditionalAuthModes = [AuthMode.Api_Key];
        options.OidcIssuer = _issuer.Issuer;
        options.OidcClientId = ClientId;
        options.OidcJwks = _issuer.WriteJwks(_directory);
    }

    public void Dispose()
    {
        _issuer.Dispose();
        _forger.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<GraphqlResponse> WithTokenAsync(string token, string scheme = "")
    {
        using var http = new HttpClient { BaseAddress = Server.Client.BaseAddress };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", scheme + token);
        return await Server.PostAsync("{ listPosts { items { id } } }", client: http);
    }

    private DateTimeOffset Now => Server.Time.GetUtcNow();

    [Fact]
    public async Task A_valid_id_token_or_access_token_is_accepted_raw_or_as_bearer()
    {
        (await WithTokenAsync(_issuer.Create(Now, TimeSpan.FromHours(1), audience: ClientId))).Ok();
        (await WithTokenAsync(_issuer.Create(Now, TimeSpan.FromHours(1), audience: ClientId), "Bearer ")).Ok();
        var access = _issuer.Create(Now, TimeSpan.FromHours(1), claims: [new Claim("sub", "u"), new Claim("client_id", ClientId), new Claim("token_use", "access")]);
        (await WithTokenAsync(access)).Ok();
    }

    [Fact]
    public async Task Forged_expired_wrong_audience_and_wrong_issuer_tokens_are_refused()
    {
        var forged = await WithTokenAsync(_forger.Create(Now, TimeSpan.FromHours(1), audience: ClientId));
        var wrongAudience = await WithTokenAsync(_issuer.Create(Now, TimeSpan.FromHours(1), audience: "someone-else"));
        var wrongIssuer = await WithTokenAsync(_issuer.Create(Now, TimeSpan.FromHours(1), audience: ClientId, issuer: "https://evil.test"));
        var token = _issuer.Create(Now, TimeSpan.FromMinutes(10), audience: ClientId);
        (await WithTokenAsync(token)).Ok();
        Server.Time.Advance(TimeSpan.FromMinutes(15));
        var expired = await WithTokenAsync(token);

        foreach (var refused in new[] { forged, wrongAudience, wrongIssuer, expired })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
            Assert.Equal("UnauthorizedException", refused.ErrorType);
        }

        Assert.Equal("Token has expired.", expired.SingleError["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithTokenAsync("garbage")).Status);
    }

    [Fact]
    public async Task A_correctly_signed_token_without_exp_or_not_yet_valid_is_refused()
    {
        var noExpiry = await WithTokenAsync(_issuer.CreateWithTimes(Now, expires: null, notBefore: Now.AddMinutes(-1), audience: ClientId));
        var notYet = await WithTokenAsync(_issuer.CreateWithTimes(Now, expires: Now.AddHours(2), notBefore: Now.AddHours(1), audience: ClientId));

        Assert.Equal((HttpStatusCode.Unauthorized, "UnauthorizedException"), (noExpiry.Status, noExpiry.ErrorType));
        Assert.Equal("Token has no expiry (exp claim).", noExpiry.SingleError["message"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.Unauthorized, "Token is not valid yet (nbf claim)."), (notYet.Status, notYet.SingleError["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Api_keys_work_as_an_additional_mode_until_they_expire_or_are_revoked()
    {
        var keys = Server.Services.GetRequiredService<ApiKeyStore>();
        var expiring = await keys.CreateAsync("expires", Now.AddDays(1), CancellationToken.None);
        var revoked = await keys.CreateAsync("revoked", null, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = Server.Client.BaseAddress };

        async Task<GraphqlResponse> WithKeyAsync(string key)
        {
            http.DefaultRequestHeaders.Remove("x-api-key");
            http.DefaultRequestHeaders.Add("x-api-key", key);
            return await Server.PostAsync("{ listPosts { items { id } } }", client: http);
        }

        (await WithKeyAsync(StratusTestServer.ApiKey)).Ok();
        (await WithKeyAsync(expiring.Key)).Ok();
        (await WithKeyAsync(revoked.Key)).Ok();
        Assert.True(await keys.RevokeAsync(revoked.Key, CancellationToken.None));
        Server.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(10));

        var afterExpiry = await WithKeyAsync(expiring.Key);
        var afterRevoke = await WithKeyAsync(revoked.Key);
        Assert.Equal(HttpStatusCode.Unauthorized, afterExpiry.Status);
        Assert.Equal("API key has expired.", afterExpiry.SingleError["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.Status);
        (await WithKeyAsync(StratusTestServer.ApiKey)).Ok();
        Assert.Equal(["expires", "revoked"], (await keys.ListAsync(CancellationToken.None)).Select(k => k.Description));
    }

    [Fact]
    public async Task Without_api_key_among_the_modes_a_key_is_refused()
    {
        await RestartAsync(o =>
        {
            Configure(o);
            o.AdditionalAuthModes = [];
        });

        var response = await Server.PostAsync("{ listPosts { items { id } } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        (await WithTokenAsync(_issuer.Create(Now, TimeSpan.FromHours(1), audience: ClientId))).Ok();
    }

    [Fact]
    public async Task Realtime_accepts_a_token_in_the_handshake_and_in_each_start()
    {
        var token = _issuer.Create(Now, TimeSpan.FromHours(1), audience: ClientId);
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-ws");
        socket.Options.AddSubProtocol("header-" + RealtimeClient.Base64(new System.Text.Json.Nodes.JsonObject { ["host"] = "x", ["Authorization"] = token }));
        await socket.ConnectAsync(new UriBuilder(Server.Client.BaseAddress!) { Scheme = "ws", Path = "/graphql/realtime" }.Uri, CancellationToken.None);
        await socket.SendAsync("{\"type\":\"connection_init\"}"u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        var ack = await socket.ReceiveAsync(buffer, CancellationToken.None).DefaultTimeout();

        Assert.Contains("connection_ack", System.Text.Encoding.UTF8.GetString(buffer, 0, ack.Count), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cognito_issuer_is_derived_from_the_pool_and_region()
    {
        using var cognito = new TokenIssuer("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool");
        await RestartAsync(o =>
        {
            o.ApiKey = null;
            o.AuthMode = AuthMode.Amazon_Cognito_User_Pools;
            o.CognitoRegion = "eu-west-1";
            o.CognitoUserPoolId = "eu-west-1_pool";
            o.OidcClientId = ClientId;
            o.OidcJwks = cognito.WriteJwks(_directory);
        });

        (await WithTokenAsync(cognito.Create(Now, TimeSpan.FromHours(1), audience: ClientId))).Ok();
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithTokenAsync(_issuer.Create(Now, TimeSpan.FromHours(1), audience: ClientId))).Status);
    }
}

/// <summary>Per-caller request limits.</summary>
public sealed class RateLimitTests : SyncApiTestBase
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    protected override void Configure(StratusOptions options) => options.RateLimitPerMinute = 3;

    [Fact]
    public async Task A_caller_over_its_limit_gets_429_while_another_caller_is_served()
    {
        var keys = Server.Services.GetRequiredService<ApiKeyStore>();
        var other = await keys.CreateAsync("other", null, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            (await Server.PostAsync("{ listPosts { items { id } } }")).Ok();
        }

        var limited = await Server.PostAsync("{ listPosts { items { id } } }");
        using var http = new HttpClient { BaseAddress = Server.Client.BaseAddress };
        http.DefaultRequestHeaders.Add("x-api-key", other.Key);
        var otherCaller = await Server.PostAsync("{ listPosts { items { id } } }", client: http);

        Assert.Equal((HttpStatusCode)429, limited.Status);
        Assert.Equal("LimitExceededException", limited.ErrorType);
        otherCaller.Ok();
    }
}
