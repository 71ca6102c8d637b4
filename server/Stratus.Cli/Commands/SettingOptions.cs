namespace Stratus.Cli.Commands;

/// <summary>Every option of the <c>stratus</c> command, with the configuration key it sets; commands pick their sets.</summary>
internal sealed class SettingOptions
{
    public SettingOption Schema { get; } = SettingOption.Text("--schema", "Stratus:Schema", "FILE", "Amplify-style SDL (default: the bundled sample schema, a Todo model)", isPath: true);

    public SettingOption Database { get; } = SettingOption.Text("--database", "Stratus:Database", "CONN", "\"Data Source=stratus.db\" (SQLite, the default) or \"Host=..;Database=..;Username=..;Password=..\" (PostgreSQL)");

    public SettingOption AuthMode { get; } = SettingOption.Text("--auth-mode", "Stratus:AuthMode", "MODE", "the default mode: API_KEY (default) | OPENID_CONNECT | AMAZON_COGNITO_USER_POOLS");

    public SettingOption AdditionalAuthModes { get; } = SettingOption.Repeatable("--additional-auth-mode", "Stratus:AdditionalAuthModes", "MODE", "repeatable; more accepted modes, like AppSync's additional providers");

    /// <summary>What <c>serve</c> (and the bare <c>stratus</c>) takes.</summary>
    public IReadOnlyList<SettingOption> Serve => field ??=
    [
        Schema,
        Database,
        SettingOption.Text("--api-key", "Stratus:ApiKey", "KEY", "the accepted API key (default: generated, stored in the database and printed)"),
        SettingOption.Text("--urls", "urls", "URLS", "where to listen, e.g. http://127.0.0.1:5000 (the default) or https://127.0.0.1:5001"),
        SettingOption.Text("--conflict-handler", "Stratus:ConflictHandler", "NAME", "AUTOMERGE (default) | OPTIMISTIC_CONCURRENCY | LAMBDA | NONE"),
        SettingOption.Text("--lambda-url", "Stratus:LambdaUrl", "URL", "where LAMBDA conflict payloads are POSTed"),
        SettingOption.Text("--delta-ttl", "Stratus:DeltaTtl", "MIN", "delta table TTL in minutes (default 30)"),
        SettingOption.Text("--tombstone-ttl", "Stratus:TombstoneTtl", "MIN", "tombstone TTL in minutes (default 43200)"),
        SettingOption.Text("--tls-cert", "Stratus:TlsCert", "FILE", "PEM certificate for https URLs", isPath: true),
        SettingOption.Text("--tls-key", "Stratus:TlsKey", "FILE", "PEM private key for https URLs", isPath: true),
        SettingOption.Text("--data-dir", "Stratus:DataDirectory", "DIR", "where a generated certificate is kept (default stratus-data)", isPath: true),
        SettingOption.Text("--subscription-bus", "Stratus:SubscriptionBus", "NAME", "InMemory (default) | Postgres (LISTEN/NOTIFY across instances on one database)"),
        SettingOption.Text("--prometheus", "Stratus:Prometheus", "true", "serve metrics in Prometheus format at /metrics"),
        SettingOption.Text("--rate-limit", "Stratus:RateLimitPerMinute", "N", "requests a minute per API key or token (default 0: unlimited)"),
        SettingOption.Text("--introspection", "Stratus:Introspection", "false", "refuse GraphQL introspection (__schema, __type); served by default, as AppSync does"),
        AuthMode,
        AdditionalAuthModes,
        SettingOption.Text("--oidc-issuer", "Stratus:OidcIssuer", "URL", "the JWT issuer (iss)"),
        SettingOption.Text("--oidc-client-id", "Stratus:OidcClientId", "ID", "the client id (aud, or client_id in access tokens)"),
        SettingOption.Text("--oidc-jwks", "Stratus:OidcJwks", "FILE", "signing keys as a JWKS file (default: the issuer's discovery document)", isPath: true),
        SettingOption.Text("--cognito-user-pool-id", "Stratus:CognitoUserPoolId", "ID", "the Cognito user pool whose tokens are accepted"),
        SettingOption.Text("--cognito-region", "Stratus:CognitoRegion", "REGION", "the user pool's region"),
        SettingOption.Text("--console", "Stratus:Console", "true", "serve the web console at /console (admin credentials from 'stratus admin create')"),
        SettingOption.Text("--console-admin-group", "Stratus:ConsoleAdminGroup", "GROUP", "a token group whose members may also use the console"),
        SettingOption.Text("--console-test-signing-key", "Stratus:ConsoleTestSigningKey", "FILE", "test setups only: the token issuer's PEM private key, so the console signs tokens for test users", isPath: true),
        SettingOption.Text("--conflict-log-days", "Stratus:ConflictLogDays", "DAYS", "days resolved conflicts stay in the conflict log (default 7)"),
    ];

    /// <summary>What the commands that only open the database take (<c>migrate</c>, <c>apikey</c>).</summary>
    public IReadOnlyList<SettingOption> Storage => [Schema, Database];

    /// <summary>What <c>schema print</c> and <c>schema introspection</c> take.</summary>
    public IReadOnlyList<SettingOption> SchemaOutput => [Schema, AuthMode, AdditionalAuthModes];
}
