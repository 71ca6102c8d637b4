using System.CommandLine;
using System.CommandLine.Invocation;
using Microsoft.Extensions.Options;
using Stratus.Schema.Parsing;

namespace Stratus.Cli.Commands;

/// <summary>
/// The <c>stratus</c> command tree: <c>[serve]</c>, <c>schema print|introspection</c>, <c>codegen</c>, <c>migrate</c>,
/// <c>health</c>, <c>apikey create|list|revoke</c>, each with <c>--help</c>, and <c>--version</c>. Exit codes: 0 success,
/// 1 a bad schema, a missing file or an unreachable database, 2 a bad command line or option value.
/// </summary>
internal static class StratusCommandLine
{
    public static async Task<int> InvokeAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var result = Build(Environment.CurrentDirectory).Parse(args);
        if (result.Errors.Count > 0)
        {
            // Prints each error, suggestions for a mistyped option or command, and the command's usage.
            if (result.Action is ParseErrorAction errors)
            {
                errors.ShowHelp = true;
            }

            await result.InvokeAsync(new InvocationConfiguration { Output = Console.Error }, cancellationToken);
            return 2;
        }

        // The server's host handles SIGTERM itself (drain, then stop), so the parser must not end the process first.
        return await result.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancellationToken);
    }

    public static RootCommand Build(string workingDirectory)
    {
        var options = new SettingOptions();
        var root = new RootCommand("Stratus: an AppSync-compatible sync backend for Amplify DataStore apps, on SQLite or PostgreSQL.");
        Add(root, options.Serve, settings => ServeCommand.ServeAsync(settings));

        var serve = new Command("serve", "Serve the GraphQL API (what stratus does with no command).");
        Add(serve, options.Serve, settings => ServeCommand.ServeAsync(settings));

        var schema = new Command("schema", "Print what a schema becomes.");
        var print = new Command("print", "Print the AppSync SDL the schema serves (as Amplify's transformer writes it).");
        Add(print, options.SchemaOutput, settings => SchemaCommands.PrintAsync(settings));
        var introspection = new Command("introspection", "Print the model introspection JSON amplify-js initSchema takes (as amplify codegen models writes it).");
        Add(introspection, options.SchemaOutput, settings => SchemaCommands.IntrospectionAsync(settings));
        schema.Add(print);
        schema.Add(introspection);

        var codegen = new Command("codegen", "Write the .NET DataStore's C# models for a schema.");
        Add(codegen,
        [
            SettingOption.Text("--schema", "Stratus:Schema", "FILE", "Amplify-style SDL", isPath: true, required: true),
            SettingOption.Text("--out", "codegen-out", "DIR", "where the .g.cs files are written", isPath: true, required: true),
            SettingOption.Text("--namespace", "codegen-namespace", "NS", "the models' namespace (default Stratus.Models)"),
        ], CodegenCommand.RunAsync);

        var migrate = new Command("migrate", "Apply migrations and indexes, then exit.");
        Add(migrate, options.Storage, settings => ServeCommand.MigrateAsync(settings));

        var health = new Command("health", "Exit 0 when the server answers healthy (the container health check).");
        Add(health, [SettingOption.Text("--url", "health-url", "URL", "the health endpoint (default http://127.0.0.1:8080/health)")],
            settings => HealthProbe.RunAsync(settings.GetValueOrDefault("health-url") ?? "http://127.0.0.1:8080/health"));

        var apikey = new Command("apikey", "Manage the API keys stored in the database.");
        var create = new Command("create", "Create an API key and print it.");
        Add(create,
        [
            .. options.Storage,
            SettingOption.Text("--description", "apikey-description", "TEXT", "what the key is for"),
            SettingOption.Text("--expires-days", "apikey-expires-days", "N", "days until the key expires (default: never)"),
        ], settings => ApiKeyCommands.CreateAsync(settings));
        var list = new Command("list", "List the stored API keys and their state.");
        Add(list, options.Storage, settings => ApiKeyCommands.ListAsync(settings));
        var revoke = new Command("revoke", "Revoke an API key (refused within 5 s on every replica).");
        AddWithArgument(revoke, new Argument<string>("KEY") { Description = "the key to revoke" }, options.Storage, ApiKeyCommands.RevokeAsync);
        apikey.Add(create);
        apikey.Add(list);
        apikey.Add(revoke);

        var admin = new Command("admin", "Manage the console's admin credentials (stored hashed).");
        var adminCreate = new Command("create", "Create an admin credential and print it (shown only once).");
        Add(adminCreate, [.. options.Storage, SettingOption.Text("--description", "admin-description", "TEXT", "whose credential it is")], settings => AdminCommands.CreateAsync(settings));
        var adminList = new Command("list", "List the admin credentials (ids, never the secrets).");
        Add(adminList, options.Storage, settings => AdminCommands.ListAsync(settings));
        var adminRevoke = new Command("revoke", "Revoke an admin credential by its id.");
        AddWithArgument(adminRevoke, new Argument<string>("ID") { Description = "the credential's id (the 8 characters after sta-)" }, options.Storage, AdminCommands.RevokeAsync);
        admin.Add(adminCreate);
        admin.Add(adminList);
        admin.Add(adminRevoke);

        root.Add(serve);
        root.Add(schema);
        root.Add(codegen);
        root.Add(migrate);
        root.Add(health);
        root.Add(apikey);
        root.Add(admin);
        return root;

        void Add(Command command, IReadOnlyList<SettingOption> settings, Func<IReadOnlyDictionary<string, string>, Task<int>> run)
        {
            foreach (var setting in settings)
            {
                command.Add(setting.Option);
            }

            command.SetAction((result, _) => Guard(() => run(Read(result, settings, workingDirectory))));
        }

        void AddWithArgument(Command command, Argument<string> argument, IReadOnlyList<SettingOption> settings, Func<IReadOnlyDictionary<string, string>, string, Task<int>> run)
        {
            command.Add(argument);
            foreach (var setting in settings)
            {
                command.Add(setting.Option);
            }

            command.SetAction((result, _) => Guard(() => run(Read(result, settings, workingDirectory), result.GetValue(argument)!)));
        }
    }

    private static Dictionary<string, string> Read(ParseResult result, IEnumerable<SettingOption> settings, string workingDirectory) =>
        new(settings.SelectMany(s => s.Read(result, workingDirectory)), StringComparer.Ordinal);

    /// <summary>Runs a command, turning what the user can fix into one <c>error:</c> line and its exit code.</summary>
    private static async Task<int> Guard(Func<Task<int>> run)
    {
        try
        {
            return await run();
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
}
