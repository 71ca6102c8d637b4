using System.Globalization;
using Stratus.Server.Auth;
using Stratus.Server.Storage;

namespace Stratus.Server.Hosting;

/// <summary><c>stratus apikey create|list|revoke</c>: manage the API keys stored in the database.</summary>
internal static class ApiKeyCommands
{
    public static async Task<int> RunAsync(IServiceProvider services, CommandLine commandLine)
    {
        await services.GetRequiredService<ItemStore>().MigrateAsync(services.GetRequiredService<Stratus.Schema.Model.ModelSchema>(), CancellationToken.None);
        var keys = services.GetRequiredService<ApiKeyStore>();
        var time = services.GetRequiredService<TimeProvider>();
        switch (commandLine.Command)
        {
            case "apikey create":
                DateTimeOffset? expires = null;
                if (commandLine.Settings.GetValueOrDefault("apikey-expires-days") is { } days)
                {
                    if (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
                    {
                        throw new ArgumentException("--expires-days must be a positive whole number of days.");
                    }

                    expires = time.GetUtcNow().AddDays(count);
                }

                var created = await keys.CreateAsync(commandLine.Settings.GetValueOrDefault("apikey-description"), expires, CancellationToken.None);
                Console.WriteLine(created.Key);
                return 0;
            case "apikey list":
                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                foreach (var key in await keys.ListAsync(CancellationToken.None))
                {
                    var state = key.RevokedAt is not null ? "revoked" : key.ExpiresAt <= now ? "expired" : "active";
                    var expiry = key.ExpiresAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at).ToString("u", CultureInfo.InvariantCulture) : "never";
                    Console.WriteLine($"{key.Key}\t{state}\texpires {expiry}\t{key.Description}");
                }

                return 0;
            default:
                var revoked = await keys.RevokeAsync(commandLine.Settings["apikey-key"], CancellationToken.None);
                if (!revoked)
                {
                    await Console.Error.WriteLineAsync("error: no such API key.");
                    return 1;
                }

                Console.WriteLine("revoked");
                return 0;
        }
    }
}
