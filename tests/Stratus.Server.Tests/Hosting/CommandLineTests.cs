using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Stratus.Schema.AppSync;
using Stratus.Schema.Parsing;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Server.Tests.Hosting;

/// <summary>The <c>stratus</c> executable's contract: commands, start-up output, exit codes, TLS.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stratus-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteSchema(string sdl)
    {
        var path = Path.Combine(_directory, "schema.graphql");
        File.WriteAllText(path, sdl);
        return path;
    }

    [Fact]
    public async Task Schema_print_writes_the_generated_appsync_sdl()
    {
        const string sdl = "type Note @model { id: ID! text: String! }";

        var (exit, output, _) = await StratusProcess.RunAsync(_directory, "schema", "print", "--schema", WriteSchema(sdl));

        Assert.Equal(0, exit);
        Assert.Equal(AppSyncSdlWriter.Write(SchemaParser.Parse(sdl)), output.TrimEnd('\n') + "\n");
    }

    [Fact]
    public async Task Schema_introspection_writes_json_for_initSchema()
    {
        var (exit, output, _) = await StratusProcess.RunAsync(_directory, "schema", "introspection", "--schema", WriteSchema("type Note @model { id: ID! text: String! }"));

        Assert.Equal(0, exit);
        Assert.Equal("Notes", JsonNode.Parse(output)!["models"]!["Note"]!["pluralName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Codegen_writes_the_datastore_models_the_source_generator_adds()
    {
        const string sdl = "enum Mood { HAPPY SAD } type Note @model { id: ID! text: String! mood: Mood }";
        var outDirectory = Path.Combine(_directory, "Models");

        var (exit, output, _) = await StratusProcess.RunAsync(_directory, "codegen", "--schema", WriteSchema(sdl), "--out", outDirectory, "--namespace", "App.Models");

        Assert.Equal(0, exit);
        Assert.Contains("Wrote 3 files", output);
        foreach (var file in Stratus.Schema.CodeGen.CSharpModelWriter.Write(SchemaParser.Parse(sdl), sdl, "App.Models"))
        {
            Assert.Equal(file.Source, File.ReadAllText(Path.Combine(outDirectory, file.Name)));
        }

        Assert.Contains("public sealed partial class Note", File.ReadAllText(Path.Combine(outDirectory, "Note.g.cs")));
        var (missing, _, error) = await StratusProcess.RunAsync(_directory, "codegen", "--schema", WriteSchema(sdl));
        Assert.Equal(2, missing);
        Assert.Contains("Option '--out' is required.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apikey_commands_create_list_and_revoke_keys_in_the_database()
    {
        var (created, key, _) = await StratusProcess.RunAsync(_directory, "apikey", "create", "--description", "mobile app", "--expires-days", "30");
        key = key.Trim();
        var (_, listed, _) = await StratusProcess.RunAsync(_directory, "apikey", "list");
        var (revoked, _, _) = await StratusProcess.RunAsync(_directory, "apikey", "revoke", key);
        var (_, after, _) = await StratusProcess.RunAsync(_directory, "apikey", "list");
        var (unknown, _, error) = await StratusProcess.RunAsync(_directory, "apikey", "revoke", "da2-nope");

        Assert.Equal(0, created);
        Assert.StartsWith("da2-", key, StringComparison.Ordinal);
        Assert.Contains($"{key}\tactive", listed, StringComparison.Ordinal);
        Assert.Contains("mobile app", listed, StringComparison.Ordinal);
        Assert.Equal(0, revoked);
        Assert.Contains($"{key}\trevoked", after, StringComparison.Ordinal);
        Assert.Equal(1, unknown);
        Assert.Contains("no such API key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_commands_create_a_credential_shown_once_and_stored_only_as_a_hash()
    {
        var (created, credential, _) = await StratusProcess.RunAsync(_directory, "admin", "create", "--description", "ops");
        credential = credential.Trim();
        var id = credential[4..12];
        var (_, listed, _) = await StratusProcess.RunAsync(_directory, "admin", "list");
        var (revoked, _, _) = await StratusProcess.RunAsync(_directory, "admin", "revoke", id);
        var (_, after, _) = await StratusProcess.RunAsync(_directory, "admin", "list");
        var (unknown, _, error) = await StratusProcess.RunAsync(_directory, "admin", "revoke", id);

        Assert.Equal(0, created);
        Assert.Matches("^sta-[a-z0-9]{8}\\.[a-z0-9]{32}$", credential);
        Assert.Contains($"{id}\tactive", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(credential[13..], listed, StringComparison.Ordinal);
        Assert.Contains("ops", listed, StringComparison.Ordinal);
        Assert.Equal(0, revoked);
        Assert.Contains($"{id}\trevoked", after, StringComparison.Ordinal);
        Assert.Equal(1, unknown);
        Assert.Contains("no such active admin credential", error, StringComparison.Ordinal);
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "stratus.db")}");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT hash FROM stratus_admin_credentials";
        var hash = (string)(await command.ExecuteScalarAsync())!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(credential))), hash);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_bad_schema_exits_1_naming_line_and_column()
    {
        var (exit, _, error) = await StratusProcess.RunAsync(_directory, "--schema", WriteSchema("type Note @model {\n  id: ID!\n  text: Txt\n}"), "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, exit);
        Assert.Contains("line 3, column 3", error, StringComparison.Ordinal);
        Assert.Contains("Txt", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_option_exits_2_with_usage()
    {
        var (exit, _, error) = await StratusProcess.RunAsync(_directory, "--frobnicate", "yes");

        Assert.Equal(2, exit);
        Assert.Contains("Unrecognized command or argument '--frobnicate'", error, StringComparison.Ordinal);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--shcema", "--schema")]
    [InlineData("--conflict-handlr", "--conflict-handler")]
    public async Task A_mistyped_option_exits_2_suggesting_the_right_one(string typed, string suggested)
    {
        var (exit, _, error) = await StratusProcess.RunAsync(_directory, typed, "x");

        Assert.Equal(2, exit);
        Assert.Contains($"'{typed}' was not matched. Did you mean", error, StringComparison.Ordinal);
        Assert.Contains(suggested, error.Split("Did you mean")[1].Split("Unrecognized")[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve", "--conflict-handler <NAME>")]
    [InlineData("schema print", "--schema <FILE>")]
    [InlineData("schema introspection", "--schema <FILE>")]
    [InlineData("codegen", "--out <DIR> (REQUIRED)")]
    [InlineData("migrate", "--database <CONN>")]
    [InlineData("health", "--url <URL>")]
    [InlineData("apikey create", "--expires-days <N>")]
    [InlineData("apikey list", "--database <CONN>")]
    [InlineData("apikey revoke", "<KEY>")]
    [InlineData("admin create", "--description <TEXT>")]
    [InlineData("admin revoke", "<ID>")]
    [InlineData("serve", "--console <true>")]
    public async Task Every_command_has_help(string command, string listed)
    {
        var (exit, output, _) = await StratusProcess.RunAsync(_directory, [.. command.Split(' '), "--help"]);

        Assert.Equal(0, exit);
        Assert.Contains($"stratus {command}", output, StringComparison.Ordinal);
        Assert.Contains(listed, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_informational_version()
    {
        var (exit, output, _) = await StratusProcess.RunAsync(_directory, "--version");

        Assert.Equal(0, exit);
        var expected = typeof(Stratus.Server.Hosting.StratusOptions).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
        Assert.Equal(expected, output.Trim());
    }

    [Fact]
    public async Task Relative_paths_resolve_from_where_the_command_was_run()
    {
        WriteSchema("type Note @model { id: ID! text: String! }");
        Directory.CreateDirectory(Path.Combine(_directory, "out"));

        var (printed, sdl, _) = await StratusProcess.RunAsync(_directory, "schema", "print", "--schema", "schema.graphql");
        var (generated, _, _) = await StratusProcess.RunAsync(_directory, "codegen", "--schema", "schema.graphql", "--out", "out");
        var (missing, _, error) = await StratusProcess.RunAsync(_directory, "schema", "print", "--schema", "nope.graphql");

        Assert.Equal(0, printed);
        Assert.Contains("type Note", sdl, StringComparison.Ordinal);
        Assert.Equal(0, generated);
        Assert.True(File.Exists(Path.Combine(_directory, "out", "Note.g.cs")));
        Assert.Equal(1, missing);
        Assert.Contains($"'{Path.Combine(_directory, "nope.graphql")}' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_conflict_handler_exits_2_naming_the_setting()
    {
        var (exit, _, error) = await StratusProcess.RunAsync(_directory, "--conflict-handler", "SOMETIMES", "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, exit);
        Assert.Contains("ConflictHandler", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--additional-auth-mode", "BOGUS", "AdditionalAuthModes")]
    [InlineData("--auth-mode", "BOGUS", "AuthMode")]
    public async Task An_unknown_auth_mode_exits_2_naming_the_setting_and_the_accepted_values(string option, string value, string setting)
    {
        var (exit, _, error) = await StratusProcess.RunAsync(_directory, option, value, "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, exit);
        Assert.Contains(setting, error, StringComparison.Ordinal);
        Assert.Contains("OPENID_CONNECT", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_exits_1_with_a_clear_message()
    {
        var port = StratusProcess.FreePort();
        var (exit, _, error) = await StratusProcess.RunAsync(_directory, "--database", $"Host=127.0.0.1;Port={port};Username=x;Password=y;Database=z;Timeout=3", "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, exit);
        Assert.Contains("could not start", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_on_sqlite_prints_url_and_generated_key_and_keeps_the_key_across_restarts()
    {
        var port = StratusProcess.FreePort();
        string key;
        await using (var first = StratusProcess.Start(_directory, "--urls", $"http://127.0.0.1:{port}"))
        {
            var output = await first.WaitForOutputAsync("API key: ");
            Assert.Contains($"Stratus listening on http://127.0.0.1:{port}/graphql", output, StringComparison.Ordinal);
            key = output.Split("API key: ")[1].Split(' ', '\n')[0].Trim();
            Assert.StartsWith("da2-", key, StringComparison.Ordinal);

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Add("x-api-key", key);
            var created = await client.PostAsJsonAsync("/graphql", new { query = "mutation { createTodo(input: {name: \"milk\"}) { id _version } }" });
            Assert.Contains("\"_version\":1", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var second = StratusProcess.Start(_directory, "--urls", $"http://127.0.0.1:{port}");
        var again = await second.WaitForOutputAsync("API key: ");
        Assert.Contains($"API key: {key}", again, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory, "stratus.db")));
    }

    [Fact]
    public async Task Https_without_a_certificate_creates_a_self_signed_localhost_certificate()
    {
        var port = StratusProcess.FreePort();
        await using var server = StratusProcess.Start(_directory, "--urls", $"https://127.0.0.1:{port}", "--api-key", "da2-tls");
        var output = await server.WaitForOutputAsync("API key: ");

        var certificatePath = Path.Combine(_directory, "stratus-data", "localhost.pfx");
        Assert.Contains(certificatePath, output, StringComparison.Ordinal);
        X509Certificate2? seen = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                seen = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.RawData);
                return true;
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("x-api-key", "da2-tls");
        var response = await client.PostAsJsonAsync("/graphql", new { query = "{ listTodos { items { id } } }" });

        Assert.Contains("\"listTodos\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(seen);
        Assert.Equal("CN=localhost", seen!.Subject);
        Assert.Contains("127.0.0.1", seen.Extensions["2.5.29.17"]!.Format(false), StringComparison.Ordinal);

        // amplify-js v6 always opens wss:// for a self-hosted endpoint.
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        socket.Options.AddSubProtocol("graphql-ws");
        socket.Options.AddSubProtocol("header-" + RealtimeClient.Base64(new JsonObject { ["host"] = $"127.0.0.1:{port}", ["x-api-key"] = "da2-tls" }));
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{port}/graphql/realtime"), CancellationToken.None);
        await socket.SendAsync("{\"type\":\"connection_init\"}"u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal("graphql-ws", socket.SubProtocol);
        Assert.Contains("connection_ack", System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count), StringComparison.Ordinal);
    }
}
