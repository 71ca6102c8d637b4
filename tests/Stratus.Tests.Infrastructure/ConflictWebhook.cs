using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stratus.Server.Tests.Infrastructure;

/// <summary>
/// A LAMBDA conflict handler on loopback for <c>--lambda-url</c>: it answers AppSync's conflict payload
/// (<c>newItem</c>, <c>existingItem</c>, <c>resolver</c>) with what <paramref name="decide"/> returns
/// (<c>{"action":"RESOLVE","item":{...}}</c>, <c>REJECT</c> or <c>REMOVE</c>).
/// </summary>
public sealed class ConflictWebhook(WebApplication app, string url) : IAsyncDisposable
{
    /// <summary>The URL the server posts conflicts to.</summary>
    public string Url { get; } = url;

    public static async Task<ConflictWebhook> StartAsync(Func<JsonObject, JsonObject> decide)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/conflict", async (HttpContext context) =>
        {
            var request = (await JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body))!;
            await context.Response.WriteAsync(decide(request).ToJsonString());
        });
        await app.StartAsync();
        return new ConflictWebhook(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/conflict");
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
