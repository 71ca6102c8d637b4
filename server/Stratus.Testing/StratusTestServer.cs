using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stratus.Schema.AppSync;
using Stratus.Schema.Model;
using Stratus.Schema.Parsing;
using Stratus.Server.Hosting;
using Stratus.Testing.Faults;

namespace Stratus.Testing;

/// <summary>
/// A real Stratus server inside the test process, on a free loopback port: the same <c>AddStratus</c>/<c>MapStratus</c>
/// a host app uses, on a temporary SQLite file (or the PostgreSQL database named in the options). It hands back the
/// endpoint, an <c>amplifyconfiguration.json</c>, the API key, signed tokens for named users, and <see cref="Faults"/>.
/// <code>
/// await using var server = await StratusTestServer.StartAsync(schemaText);
/// </code>
/// </summary>
public sealed class StratusTestServer : IAsyncDisposable
{
    private const string Region = "us-east-1";
    private readonly WebApplication _app;
    private readonly DirectoryInfo _directory;
    private readonly TestTokens _tokens;
    private readonly LoopbackGraphql _loopback;

    private StratusTestServer(WebApplication app, DirectoryInfo directory, TestTokens tokens, LoopbackGraphql loopback, Uri baseAddress, StratusTestServerOptions options)
    {
        _app = app;
        _directory = directory;
        _tokens = tokens;
        _loopback = loopback;
        Endpoint = new Uri(baseAddress, "/graphql");
        ApiKey = options.ApiKey;
        Schema = app.Services.GetRequiredService<ModelSchema>();
        Faults = app.Services.GetRequiredService<ServerFaults>();
    }

    /// <summary>The GraphQL endpoint (<c>http://127.0.0.1:PORT/graphql</c>); real-time is at <see cref="RealtimeEndpoint"/>.</summary>
    public Uri Endpoint { get; }

    /// <summary>AppSync's real-time WebSocket endpoint for <see cref="Endpoint"/> (<c>ws://.../graphql/realtime</c>).</summary>
    public Uri RealtimeEndpoint => new UriBuilder(Endpoint) { Scheme = "ws", Path = "/graphql/realtime" }.Uri;

    /// <summary>The API key the server accepts.</summary>
    public string ApiKey { get; }

    /// <summary>The schema the server serves.</summary>
    public ModelSchema Schema { get; }

    /// <summary>Faults to inject: failing mutations, latency, dropped real-time connections, offline periods.</summary>
    public ServerFaults Faults { get; }

    /// <summary>The server's services (its options, stores and meters), for tests that look inside.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// The <c>amplifyconfiguration.json</c> text for this server with API key auth (the flat <c>aws_appsync_*</c> keys
    /// amplify-js and the .NET DataStore read).
    /// </summary>
    public string AmplifyConfiguration => new JsonObject
    {
        ["aws_project_region"] = Region,
        ["aws_appsync_graphqlEndpoint"] = Endpoint.ToString(),
        ["aws_appsync_region"] = Region,
        ["aws_appsync_authenticationType"] = "API_KEY",
        ["aws_appsync_apiKey"] = ApiKey,
    }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    /// <summary>Starts a server for <paramref name="schema"/> (Amplify-style SDL text). A bad schema throws <see cref="SchemaException"/>.</summary>
    public static async Task<StratusTestServer> StartAsync(string schema, StratusTestServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new StratusTestServerOptions();
        var models = SchemaParser.Parse(schema);
        var time = options.Time ?? TimeProvider.System;
        var directory = Directory.CreateTempSubdirectory("stratus-test-");
        var tokens = new TestTokens();
        var jwks = await tokens.WriteJwksAsync(Path.Combine(directory.FullName, "jwks.json"), cancellationToken);
        var signingKey = await tokens.WritePrivateKeyAsync(Path.Combine(directory.FullName, "issuer-key.pem"), cancellationToken);
        var loopback = new LoopbackGraphql();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory.FullName });
        builder.Logging.ClearProviders();
        if (options.LoggerProvider is { } logging)
        {
            builder.Logging.AddProvider(logging);
        }

        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(models);
        builder.Services.AddSingleton(new ServerFaults());
        builder.Services.AddSingleton(loopback);
        builder.Services.AddStratus(builder.Configuration, o =>
        {
            o.Database = options.Database ?? $"Data Source={Path.Combine(directory.FullName, "stratus.db")}";
            o.ApiKey = options.ApiKey;
            o.ConflictHandler = options.ConflictHandler;
            o.AdditionalAuthModes = [options.TokenAuthMode];
            o.OidcJwks = jwks;
            // The kit's issuer is a test issuer: the server's test signer makes the kit's tokens, and with the
            // console on it signs tokens for test users ("run as") too.
            o.ConsoleTestSigningKey = signingKey;
            if (options.TokenAuthMode == AuthMode.OpenId_Connect)
            {
                o.OidcIssuer = OidcIssuer;
            }
            else
            {
                (o.CognitoUserPoolId, o.CognitoRegion) = (UserPoolId, Region);
            }

            options.Configure?.Invoke(o);
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseMiddleware<FaultMiddleware>();
        app.MapStratus();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            tokens.Dispose();
            directory.Delete(recursive: true);
            throw;
        }

        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        loopback.Bind(address);
        return new StratusTestServer(app, directory, tokens, loopback, address, options);
    }

    /// <summary>A signed token for <paramref name="user"/> (its <c>sub</c> and username) in <paramref name="groups"/>, valid for an hour.</summary>
    public string CreateToken(string user, params string[] groups)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        return _app.Services.GetRequiredService<Stratus.Server.AdminConsole.ConsoleTokens>().Create(user, groups)
            ?? throw new InvalidOperationException("The test issuer is not configured.");
    }

    /// <summary>Runs a GraphQL document with the API key, or as the user of <paramref name="token"/>; returns the whole response.</summary>
    public Task<JsonObject> ExecuteAsync(string query, JsonObject? variables = null, string? token = null, CancellationToken cancellationToken = default) =>
        _loopback.PostAsync(query, variables, Credentials(token), cancellationToken);

    /// <summary>The item as the server holds it now (with <c>_version</c>, <c>_deleted</c>, <c>_lastChangedAt</c>), or null.</summary>
    public async Task<JsonObject?> GetAsync(string model, JsonObject key, string? token = null, CancellationToken cancellationToken = default)
    {
        var definition = Model(model);
        var response = await ExecuteAsync(ClientDocuments.Get(Schema, definition), key, token, cancellationToken);
        return response["data"]?[definition.Operations.Get!] as JsonObject;
    }

    /// <summary>
    /// Changes an item behind the clients' backs, as another device would: an update through the normal mutation path
    /// at the item's current <c>_version</c>, so versions advance, subscriptions fire, and a client's next write of the
    /// item meets a conflict. <paramref name="changes"/> holds the key fields and the fields to change. Returns the
    /// stored item.
    /// </summary>
    public async Task<JsonObject> ChangeBehindClientAsync(string model, JsonObject changes, string? token = null, CancellationToken cancellationToken = default)
    {
        var definition = Model(model);
        var key = new JsonObject(definition.PrimaryKey.AllFields.Select(k => KeyValuePair.Create(k, (JsonNode?)(changes[k] ?? throw new ArgumentException($"The changes must hold the key field '{k}' of {model}.", nameof(changes))).DeepClone())));
        var current = await GetAsync(model, key, token, cancellationToken) ?? throw new InvalidOperationException($"{model} {key.ToJsonString()} does not exist on the server.");
        var input = (JsonObject)changes.DeepClone();
        input["_version"] = current["_version"]!.DeepClone();
        var response = await ExecuteAsync(ClientDocuments.Update(Schema, definition), new JsonObject { ["input"] = input }, token, cancellationToken);
        return response["data"]?[definition.Operations.Update!] as JsonObject
            ?? throw new InvalidOperationException($"The server refused the change: {response["errors"]?.ToJsonString()}");
    }

    /// <summary>Stops the server and deletes its temporary files (a SQLite database it made, the signing keys).</summary>
    public async ValueTask DisposeAsync()
    {
        Faults.GoOffline().Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _loopback.Dispose();
        _tokens.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere stays in the temp folder.
        }
    }

    private const string UserPoolId = Region + "_StratusTest";

    /// <summary>The issuer of the kit's OIDC tokens; Cognito tokens name the user pool's issuer.</summary>
    private const string OidcIssuer = "https://stratus.test/issuer";

    private ModelDefinition Model(string name) =>
        Schema.Models.FirstOrDefault(m => m.Name == name) ?? throw new ArgumentException($"The schema has no model '{name}'; it has {string.Join(", ", Schema.Models.Select(m => m.Name))}.", nameof(name));

    private Dictionary<string, string> Credentials(string? token) =>
        token is null ? new() { ["x-api-key"] = ApiKey } : new() { ["Authorization"] = token };
}
