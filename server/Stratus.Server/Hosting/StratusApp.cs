using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Stratus.Schema.AppSync;
using Stratus.Schema.Introspection;
using Stratus.Schema.Parsing;

namespace Stratus.Server.Hosting;

/// <summary>Runs the <c>stratus</c> executable: exit 0 on success, 2 for bad options, 1 for a bad schema or an unreachable database.</summary>
public static class StratusApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        CommandLine commandLine;
        try
        {
            commandLine = CommandLine.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 2;
        }

        if (commandLine.Command == "help")
        {
            Console.WriteLine(CommandLine.Usage);
            return 0;
        }

        try
        {
            if (commandLine.Command.StartsWith("schema ", StringComparison.Ordinal))
            {
                var schema = SchemaLoader.Load(commandLine.Settings.GetValueOrDefault("Stratus:Schema"));
                var settings = new ConfigurationBuilder().AddInMemoryCollection(commandLine.Settings.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))).Build();
                var modes = AuthModeProviders.For(settings.GetSection(StratusOptions.Section).Get<StratusOptions>() ?? new StratusOptions());
                Console.Write(commandLine.Command == "schema print" ? AppSyncSdlWriter.Write(schema, modes) : ModelIntrospectionWriter.Write(schema));
                return 0;
            }

            if (commandLine.Command == "codegen")
            {
                return await CodegenCommand.RunAsync(commandLine.Settings);
            }

            if (commandLine.Command == "health")
            {
                return await HealthProbe.RunAsync(commandLine.Settings.GetValueOrDefault("health-url") ?? "http://127.0.0.1:8080/health");
            }

            var app = Build(commandLine);
            if (commandLine.Command.StartsWith("apikey ", StringComparison.Ordinal))
            {
                return await ApiKeyCommands.RunAsync(app.Services, commandLine);
            }

            if (commandLine.Command == "migrate")
            {
                await app.Services.GetRequiredService<Storage.ItemStore>().MigrateAsync(app.Services.GetRequiredService<Stratus.Schema.Model.ModelSchema>(), CancellationToken.None);
                Console.WriteLine("Migrations and indexes applied.");
                return 0;
            }

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
        catch (Exception e) when (e is SchemaException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 1;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("error: " + string.Join(Environment.NewLine, e.Failures));
            return 2;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 2;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"error: could not start: {e.GetBaseException().Message}");
            return 1;
        }
    }

    /// <summary>The accepted values of the setting a binder error names.</summary>
    private static string Hint(string message) =>
        message.Contains("ConflictHandler", StringComparison.Ordinal) ? " Accepted: AUTOMERGE, OPTIMISTIC_CONCURRENCY, LAMBDA, NONE."
        : message.Contains("AuthMode", StringComparison.Ordinal) ? " Accepted: API_KEY, OPENID_CONNECT, AMAZON_COGNITO_USER_POOLS."
        : message.Contains("SubscriptionBus", StringComparison.Ordinal) ? " Accepted: InMemory, Postgres."
        : "";

    private static WebApplication Build(CommandLine commandLine)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(commandLine.Settings.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
        builder.Services.AddStratus(builder.Configuration);
        // The binder skips list elements it cannot convert; a mistyped mode must not be silently ignored.
        foreach (var mode in builder.Configuration.GetSection("Stratus:AdditionalAuthModes").GetChildren())
        {
            if (!Enum.TryParse<AuthMode>(mode.Value, ignoreCase: true, out _))
            {
                throw new ArgumentException($"Stratus:AdditionalAuthModes (--additional-auth-mode): '{mode.Value}' is not an auth mode.{Hint("AuthMode")}");
            }
        }

        StratusOptions options;
        try
        {
            options = builder.Configuration.GetSection(StratusOptions.Section).Get<StratusOptions>() ?? new StratusOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the value it could not convert, e.g. Stratus:ConflictHandler.
            throw new ArgumentException(e.Message + Hint(e.Message), e);
        }
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
}
