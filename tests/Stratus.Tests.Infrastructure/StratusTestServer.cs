using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Stratus.Server.Hosting;

namespace Stratus.Server.Tests.Infrastructure;

/// <summary>
/// A real Stratus server on Kestrel, bound to a free loopback port, with a <see cref="FakeTimeProvider"/> so tests
/// move time instead of sleeping. Built with the same <c>AddStratus</c>/<c>MapStratus</c> calls a host app uses.
/// </summary>
public sealed class StratusTestServer : IAsyncDisposable
{
    public const string ApiKey = "da2-testkeytestkeytestkey01";

    private readonly WebApplication _app;

    private StratusTestServer(WebApplication app, FakeTimeProvider time, Uri baseAddress)
    {
        _app = app;
        Time = time;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TestTimeouts.Default };
        Client.DefaultRequestHeaders.Add("x-api-key", ApiKey);
    }

    public FakeTimeProvider Time { get; }

    /// <summary>The GraphQL endpoint, as a client's configuration names it.</summary>
    public Uri Endpoint => new(Client.BaseAddress!, "/graphql");

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<StratusTestServer> StartAsync(string database, string schemaFile, Action<StratusOptions>? configure = null, FakeTimeProvider? time = null, Action<IServiceCollection>? services = null, int port = 0)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddStratus(builder.Configuration, o =>
        {
            o.Database = database;
            o.Schema = schemaFile;
            o.ApiKey = ApiKey;
            configure?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapStratus();
        await app.StartAsync().DefaultTimeout();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StratusTestServer(app, time, new Uri(address));
    }

    public async Task<GraphqlResponse> PostAsync(string query, object? variables = null, HttpClient? client = null)
    {
        var response = await (client ?? Client).PostAsJsonAsync("/graphql", new { query, variables }).DefaultTimeout();
        var text = await response.Content.ReadAsStringAsync();
        return new GraphqlResponse(response.StatusCode, JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"Not JSON: {text}"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
