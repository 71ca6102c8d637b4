using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.Infrastructure.AmplifyJs;

namespace Stratus.Conformance;

/// <summary>
/// The real <c>stratus</c> executable on a free loopback port over HTTPS (amplify-js v6 opens real-time only over
/// wss://), with the certificate it generates in its data directory, a schema made for the suite, SQLite and an API
/// key. The model introspection amplify-js needs comes from <c>stratus schema introspection</c> on the same schema.
/// </summary>
public sealed partial class ConformanceServer : IAsyncDisposable
{
    public const string ApiKey = "da2-conformancesuitekey00001";

    private readonly StratusProcess _process;
    private readonly string _directory;

    private ConformanceServer(StratusProcess process, string directory, Uri endpoint, string introspectionFile)
    {
        _process = process;
        _directory = directory;
        Endpoint = endpoint;
        IntrospectionFile = introspectionFile;
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(CertificateFile));
        var thumbprint = certificate.Thumbprint;
        Client = new HttpClient(new HttpClientHandler
        {
            // Trust exactly the server's own certificate, as NODE_EXTRA_CA_CERTS does for amplify-js.
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == thumbprint,
        }) { BaseAddress = endpoint, Timeout = TestTimeouts.Default };
        Client.DefaultRequestHeaders.Add("x-api-key", ApiKey);
    }

    /// <summary>The GraphQL endpoint, https://127.0.0.1:PORT/graphql.</summary>
    public Uri Endpoint { get; }

    /// <summary>The self-signed certificate (PEM) the server made for localhost and 127.0.0.1.</summary>
    public string CertificateFile => Path.Combine(_directory, "data", "localhost.crt");

    /// <summary><c>stratus schema introspection</c> of the suite's schema.</summary>
    public string IntrospectionFile { get; }

    /// <summary>What an amplify-js client of this server needs.</summary>
    public AmplifyJsTarget AmplifyJs => new(Endpoint, ApiKey, IntrospectionFile, CertificateFile);

    /// <summary>An HTTP client with the API key that trusts the server's certificate.</summary>
    public HttpClient Client { get; }

    /// <summary>Starts the server on <paramref name="schema"/>, with more <c>stratus</c> options when given (e.g. <c>--conflict-handler</c>).</summary>
    public static async Task<ConformanceServer> StartAsync(string schema, params string[] options)
    {
        var directory = Directory.CreateTempSubdirectory("stratus-conformance-").FullName;
        var schemaFile = Path.Combine(directory, "schema.graphql");
        await File.WriteAllTextAsync(schemaFile, schema);
        var (code, introspection, error) = await StratusProcess.RunAsync(directory, "schema", "introspection", "--schema", schemaFile);
        if (code != 0)
        {
            throw new InvalidOperationException($"stratus schema introspection failed ({code}): {error}");
        }

        var introspectionFile = Path.Combine(directory, "model-introspection.json");
        await File.WriteAllTextAsync(introspectionFile, introspection);

        var process = StratusProcess.Start(directory, ["--schema", schemaFile, "--database", $"Data Source={Path.Combine(directory, "stratus.db")}",
            "--api-key", ApiKey, "--urls", "https://127.0.0.1:0", "--data-dir", Path.Combine(directory, "data"), .. options]);
        var output = await process.WaitForOutputAsync("Stratus listening on ");
        var endpoint = new Uri(Listening().Match(output).Groups[1].Value);
        return new ConformanceServer(process, directory, endpoint, introspectionFile);
    }

    /// <summary>Runs a GraphQL request with the API key, or as the user of <paramref name="token"/>; fails on GraphQL errors.</summary>
    public async Task<JsonObject> PostAsync(string query, object? variables = null, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = JsonContent.Create(new { query, variables }) };
        if (token is not null)
        {
            request.Headers.Add("Authorization", token);
        }

        var response = await Client.SendAsync(request).DefaultTimeout();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return body["errors"] is JsonArray { Count: > 0 } errors
            ? throw new InvalidOperationException($"GraphQL errors: {errors.ToJsonString()}")
            : body["data"]!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex(@"Stratus listening on (\S+/graphql)")]
    private static partial Regex Listening();
}
