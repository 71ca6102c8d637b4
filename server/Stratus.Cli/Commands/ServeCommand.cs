using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Stratus.Schema.Model;
using Stratus.Server.Hosting;
using Stratus.Server.Storage;

namespace Stratus.Cli.Commands;

/// <summary><c>stratus [serve]</c> and <c>stratus migrate</c>: the server built from the command line's settings.</summary>
internal static class ServeCommand
{
    public static async Task<int> ServeAsync(IReadOnlyDictionary<string, string> settings)
    {
        await using var app = Build(settings);
        await app.StartAsync();
        var keys = app.Services.GetRequiredService<ServerKeys>();
        foreach (var address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            Console.WriteLine($"Stratus listening on {address}/graphql");
        }

        Console.WriteLine($"API key: {keys.ApiKey}{(keys.ApiKeyGenerated ? " (generated and stored; pass --api-key to choose one)" : "")}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    public static async Task<int> MigrateAsync(IReadOnlyDictionary<string, string> settings)
    {
        await using var app = Build(settings);
        await app.Services.GetRequiredService<ItemStore>().MigrateAsync(app.Services.GetRequiredService<ModelSchema>(), CancellationToken.None);
        Console.WriteLine("Migrations and indexes applied.");
        return 0;
    }

    /// <summary>The server, not yet started. Throws <see cref="ArgumentException"/> for a setting the user must fix.</summary>
    public static WebApplication Build(IReadOnlyDictionary<string, string> settings)
    {
        // appsettings.json ships beside the executable; relative paths in settings are the caller's.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
        builder.Services.AddStratus(builder.Configuration);
        // The binder skips list elements it cannot convert; a mistyped mode must not be silently ignored.
        foreach (var mode in builder.Configuration.GetSection("Stratus:AdditionalAuthModes").GetChildren())
        {
            if (!Enum.TryParse<AuthMode>(mode.Value, ignoreCase: true, out _))
            {
                throw new ArgumentException($"Stratus:AdditionalAuthModes (--additional-auth-mode): '{mode.Value}' is not an auth mode.{Hint("AuthMode")}");
            }
        }

        var options = Options(builder.Configuration);
        var urls = builder.Configuration["urls"] ?? "http://127.0.0.1:5000";
        if (urls.Contains("https://", StringComparison.OrdinalIgnoreCase))
        {
            var certificate = TlsCertificates.Load(options, TimeProvider.System, out var generated);
            if (generated is not null)
            {
                Console.WriteLine($"TLS certificate: {generated} (self-signed for localhost; trust {Path.ChangeExtension(generated, ".crt")} in clients)");
            }

            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        }

        builder.WebHost.UseUrls(urls);
        var app = builder.Build();
        app.MapStratus();

        // Resolve the schema now so a bad schema fails at start, not at the first request.
        app.Services.GetRequiredService<GraphQL.Types.ISchema>();
        return app;
    }

    /// <summary>The bound options; a value the binder cannot convert is an <see cref="ArgumentException"/> naming the setting.</summary>
    public static StratusOptions Options(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(StratusOptions.Section).Get<StratusOptions>() ?? new StratusOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the value it could not convert, e.g. Stratus:ConflictHandler.
            throw new ArgumentException(e.Message + Hint(e.Message), e);
        }
    }

    /// <summary>The accepted values of the setting a binder error names.</summary>
    private static string Hint(string message) =>
        message.Contains("ConflictHandler", StringComparison.Ordinal) ? " Accepted: AUTOMERGE, OPTIMISTIC_CONCURRENCY, LAMBDA, NONE."
        : message.Contains("AuthMode", StringComparison.Ordinal) ? " Accepted: API_KEY, OPENID_CONNECT, AMAZON_COGNITO_USER_POOLS."
        : message.Contains("SubscriptionBus", StringComparison.Ordinal) ? " Accepted: InMemory, Postgres."
        : "";
}
