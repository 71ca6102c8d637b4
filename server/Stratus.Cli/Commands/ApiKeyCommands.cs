using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Stratus.Schema.Model;
using Stratus.Server.Auth;
using Stratus.Server.Storage;

namespace Stratus.Cli.Commands;

/// <summary><c>stratus apikey create|list|revoke</c>: manage the API keys stored in the database.</summary>
internal static class ApiKeyCommands
{
    public static async Task<int> CreateAsync(IReadOnlyDictionary<string, string> settings)
    {
        int? days = null;
        if (settings.GetValueOrDefault("apikey-expires-days") is { } text)
        {
            days = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
                ? count
                : throw new ArgumentException("--expires-days must be a positive whole number of days.");
        }

        await using var app = await OpenAsync(settings);
        var services = app.Services;
        DateTimeOffset? expires = days is { } d ? services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(d) : null;

        var created = await services.GetRequiredService<ApiKeyStore>().CreateAsync(settings.GetValueOrDefault("apikey-description"), expires, CancellationToken.None);
        Console.WriteLine(created.Key);
        return 0;
    }

    public static async Task<int> ListAsync(IReadOnlyDictionary<string, string> settings)
    {
        await using var app = await OpenAsync(settings);
        var services = app.Services;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var key in await services.GetRequiredService<ApiKeyStore>().ListAsync(CancellationToken.None))
        {
            var expiry = key.ExpiresAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at).ToString("u", CultureInfo.InvariantCulture) : "never";
            Console.WriteLine($"{key.Key}\t{key.State(now)}\texpires {expiry}\t{key.Description}");
        }

        return 0;
    }

    public static async Task<int> RevokeAsync(IReadOnlyDictionary<string, string> settings, string key)
    {
        await using var app = await OpenAsync(settings);
        var services = app.Services;
        if (!await services.GetRequiredService<ApiKeyStore>().RevokeAsync(key, CancellationToken.None))
        {
            await Console.Error.WriteLineAsync("error: no such API key.");
            return 1;
        }

        Console.WriteLine("revoked");
        return 0;
    }

    /// <summary>The server's services over a migrated database (keys live beside the items).</summary>
    internal static async Task<WebApplication> OpenAsync(IReadOnlyDictionary<string, string> settings)
    {
        var app = ServeCommand.Build(settings);
        await app.Services.GetRequiredService<ItemStore>().MigrateAsync(app.Services.GetRequiredService<ModelSchema>(), CancellationToken.None);
        return app;
    }
}
