namespace Stratus.Server.Hosting;

/// <summary>
/// The <c>stratus</c> command line (../shared/DESIGN.md, server contract): <c>[serve] [options]</c>,
/// <c>schema print</c>, <c>schema introspection</c>, <c>codegen</c>. Options become <c>Stratus:*</c> configuration keys, which
/// take precedence over appsettings.json and environment variables.
/// </summary>
public sealed record CommandLine(string Command, IReadOnlyDictionary<string, string> Settings)
{
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["--schema"] = "Stratus:Schema",
        ["--database"] = "Stratus:Database",
        ["--api-key"] = "Stratus:ApiKey",
        ["--conflict-handler"] = "Stratus:ConflictHandler",
        ["--lambda-url"] = "Stratus:LambdaUrl",
        ["--delta-ttl"] = "Stratus:DeltaTtl",
        ["--tombstone-ttl"] = "Stratus:TombstoneTtl",
        ["--urls"] = "urls",
        ["--tls-cert"] = "Stratus:TlsCert",
        ["--tls-key"] = "Stratus:TlsKey",
        ["--auth-mode"] = "Stratus:AuthMode",
        ["--data-dir"] = "Stratus:DataDirectory",
        ["--subscription-bus"] = "Stratus:SubscriptionBus",
        ["--prometheus"] = "Stratus:Prometheus",
        ["--rate-limit"] = "Stratus:RateLimitPerMinute",
        ["--introspection"] = "Stratus:Introspection",
        ["--url"] = "health-url",
        ["--oidc-issuer"] = "Stratus:OidcIssuer",
        ["--oidc-client-id"] = "Stratus:OidcClientId",
        ["--oidc-jwks"] = "Stratus:OidcJwks",
        ["--cognito-user-pool-id"] = "Stratus:CognitoUserPoolId",
        ["--cognito-region"] = "Stratus:CognitoRegion",
        ["--additional-auth-mode"] = "Stratus:AdditionalAuthModes",
        ["--description"] = "apikey-description",
        ["--expires-days"] = "apikey-expires-days",
        ["--out"] = "codegen-out",
        ["--namespace"] = "codegen-namespace",
    };

    public static string Usage => """
        Usage: stratus [serve] [options]
               stratus schema print --schema FILE
               stratus schema introspection --schema FILE
               stratus codegen --schema FILE --out DIR [--namespace NS]   write the DataStore's C# models
               stratus migrate [--database CONN] [--schema FILE]   apply migrations and indexes, then exit
               stratus health [--url http://127.0.0.1:8080/health] exit 0 when the server answers healthy
               stratus apikey create [--description TEXT] [--expires-days N] | apikey list | apikey revoke KEY
        Options:
          --schema FILE            Amplify-style SDL (default: the bundled sample schema)
          --database CONN          "Data Source=stratus.db" (SQLite, default) or "Host=..;Database=..;Username=.."
          --api-key KEY            accepted API key (default: generated, stored and printed)
          --conflict-handler NAME  AUTOMERGE (default) | OPTIMISTIC_CONCURRENCY | LAMBDA | NONE
          --lambda-url URL         where LAMBDA conflict payloads are POSTed
          --delta-ttl MIN          delta table TTL in minutes (default 30)
          --tombstone-ttl MIN      tombstone TTL in minutes (default 43200)
          --urls URLS              e.g. http://127.0.0.1:5000 or https://127.0.0.1:5001
          --tls-cert FILE --tls-key FILE   PEM certificate and key for https URLs
          --data-dir DIR           where a generated certificate is kept (default stratus-data)
          --subscription-bus NAME  InMemory (default) | Postgres (LISTEN/NOTIFY across instances on one database)
          --prometheus true        serve metrics in Prometheus format at /metrics
          --rate-limit N           requests a minute per API key or token (default 0: unlimited)
          --introspection false    refuse GraphQL introspection (__schema, __type); served by default, as AppSync
          --auth-mode MODE         API_KEY (default) | OPENID_CONNECT | AMAZON_COGNITO_USER_POOLS
          --additional-auth-mode MODE   repeatable; more accepted modes
          --oidc-issuer URL --oidc-client-id ID   the JWT issuer and client id (aud, or client_id in access tokens)
          --oidc-jwks FILE         signing keys as a JWKS file (default: the issuer's discovery document)
          --cognito-user-pool-id ID --cognito-region R   Cognito's issuer and keys
        """;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message that says what to fix.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var position = 0;
        var command = "serve";
        if (args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            command = args[0] switch
            {
                "serve" => "serve",
                "schema" when args.Count > 1 && args[1] is "print" or "introspection" => "schema " + args[1],
                "migrate" => "migrate",
                "codegen" => "codegen",
                "apikey" when args.Count > 1 && args[1] is "create" or "list" or "revoke" => "apikey " + args[1],
                "apikey" => throw new ArgumentException("Use 'stratus apikey create|list|revoke'."),
                "health" => "health",
                "schema" => throw new ArgumentException("Use 'stratus schema print' or 'stratus schema introspection'."),
                _ => throw new ArgumentException($"Unknown command '{args[0]}'.\n{Usage}"),
            };
            position = command.Contains(' ', StringComparison.Ordinal) ? 2 : 1;
            if (command == "apikey revoke")
            {
                if (args.Count < 3 || args[2].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException("Use 'stratus apikey revoke KEY'.");
                }

                position = 3;
            }
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        for (; position < args.Count; position++)
        {
            var arg = args[position];
            if (arg is "--help" or "-h")
            {
                return new CommandLine("help", settings);
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            if (!Options.TryGetValue(name, out var key))
            {
                throw new ArgumentException($"Unknown option '{name}'.\n{Usage}");
            }

            string value;
            if (equals > 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (position + 1 < args.Count)
            {
                value = args[++position];
            }
            else
            {
                throw new ArgumentException($"Option '{name}' needs a value.");
            }

            if (key == "Stratus:AdditionalAuthModes")
            {
                // Repeatable: each occurrence adds one mode.
                key = $"{key}:{settings.Keys.Count(k => k.StartsWith("Stratus:AdditionalAuthModes:", StringComparison.Ordinal))}";
            }

            settings[key] = value;
        }

        if (command == "apikey revoke")
        {
            settings["apikey-key"] = args[2];
        }

        return new CommandLine(command, settings);
    }
}
