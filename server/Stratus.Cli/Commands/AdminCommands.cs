using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Stratus.Server.AdminConsole;

namespace Stratus.Cli.Commands;

/// <summary><c>stratus admin create|list|revoke</c>: the console's admin credentials, stored as hashes.</summary>
internal static class AdminCommands
{
    public static async Task<int> CreateAsync(IReadOnlyDictionary<string, string> settings)
    {
        await using var app = await ApiKeyCommands.OpenAsync(settings);
        var (_, credential) = await app.Services.GetRequiredService<AdminCredentials>().CreateAsync(settings.GetValueOrDefault("admin-description"), CancellationToken.None);
        Console.WriteLine(credential);
        return 0;
    }

    public static async Task<int> ListAsync(IReadOnlyDictionary<string, string> settings)
    {
        await using var app = await ApiKeyCommands.OpenAsync(settings);
        foreach (var record in await app.Services.GetRequiredService<AdminCredentials>().ListAsync(CancellationToken.None))
        {
            var created = DateTimeOffset.FromUnixTimeMilliseconds(record.CreatedAt).ToString("u", CultureInfo.InvariantCulture);
            Console.WriteLine($"{record.Id}\t{(record.RevokedAt is null ? "active" : "revoked")}\tcreated {created}\t{record.Description}");
        }

        return 0;
    }

    public static async Task<int> RevokeAsync(IReadOnlyDictionary<string, string> settings, string id)
    {
        await using var app = await ApiKeyCommands.OpenAsync(settings);
        if (!await app.Services.GetRequiredService<AdminCredentials>().RevokeAsync(id, CancellationToken.None))
        {
            await Console.Error.WriteLineAsync("error: no such active admin credential.");
            return 1;
        }

        Console.WriteLine("revoked");
        return 0;
    }
}
