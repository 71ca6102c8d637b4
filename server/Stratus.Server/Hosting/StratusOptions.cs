using Stratus.Server.Conflicts;

namespace Stratus.Server.Hosting;

/// <summary>
/// Server settings, bound from the <c>Stratus</c> configuration section (appsettings.json, <c>STRATUS__NAME</c>
/// environment variables, then command-line options). Every default is the documented AppSync default.
/// </summary>
public sealed class StratusOptions
{
    public const string Section = "Stratus";

    /// <summary>Path of the Amplify-style SDL; null means the bundled sample schema.</summary>
    public string? Schema { get; set; }

    /// <summary>A SQLite (<c>Data Source=...</c>) or PostgreSQL (<c>Host=...</c>) connection string.</summary>
    public string Database { get; set; } = "Data Source=stratus.db";

    /// <summary>The accepted API key; when null one is generated, stored in the database and printed.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The server-wide conflict handler; per model: <c>Stratus:Conflicts:Models:&lt;Model&gt;</c>.</summary>
    public ConflictHandlerKind ConflictHandler { get; set; } = ConflictHandlerKind.Automerge;

    public ConflictOptions Conflicts { get; set; } = new();

    /// <summary>Where LAMBDA conflict payloads are POSTed when no in-process <c>IConflictHandler</c> is registered.</summary>
    public string? LambdaUrl { get; set; }

    /// <summary>Seconds to wait for the LAMBDA conflict handler before answering ConflictError.</summary>
    public int LambdaTimeout { get; set; } = 10;

    /// <summary>DeltaSyncTableTTL in minutes (AppSync default 30).</summary>
    public int DeltaTtl { get; set; } = 30;

    /// <summary>BaseTableTTL for tombstones in minutes (AppSync default 43200, 30 days).</summary>
    public int TombstoneTtl { get; set; } = 43200;

    public string? TlsCert { get; set; }

    public string? TlsKey { get; set; }

    /// <summary>Where generated files (the self-signed certificate) are kept.</summary>
    public string DataDirectory { get; set; } = "stratus-data";

    /// <summary>The default authorization mode: API_KEY, OPENID_CONNECT or AMAZON_COGNITO_USER_POOLS.</summary>
    public AuthMode AuthMode { get; set; } = AuthMode.Api_Key;

    /// <summary>More accepted modes, as AppSync's additional authentication providers.</summary>
    public List<AuthMode> AdditionalAuthModes { get; set; } = [];

    /// <summary>The JWT issuer (<c>iss</c>) for OPENID_CONNECT.</summary>
    public string? OidcIssuer { get; set; }

    /// <summary>The client id: a token's <c>aud</c>, or <c>client_id</c> for Cognito access tokens.</summary>
    public string? OidcClientId { get; set; }

    /// <summary>A JWKS file with the signing keys; without it they come from the issuer's discovery document.</summary>
    public string? OidcJwks { get; set; }

    /// <summary>Cognito user pool id; with <see cref="CognitoRegion"/> it gives the issuer and the JWKS address.</summary>
    public string? CognitoUserPoolId { get; set; }

    public string? CognitoRegion { get; set; }

    /// <summary>Largest accepted request body, in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Deepest accepted nesting of selection sets (fragments included).</summary>
    public int MaxQueryDepth { get; set; } = 15;

    /// <summary>Largest accepted query complexity (GraphQL for .NET's estimate: list fields count 5 rows each).</summary>
    public int MaxQueryComplexity { get; set; } = 20_000;

    /// <summary>
    /// Whether GraphQL introspection (<c>__schema</c>, <c>__type</c>) is served (AppSync serves it unless an API
    /// turns it off). An operation that only introspects is held to the document limits below, not to the
    /// complexity limit, which the standard introspection query of GraphiQL and codegen tools exceeds.
    /// </summary>
    public bool Introspection { get; set; } = true;

    /// <summary>Longest accepted GraphQL document, in characters.</summary>
    public int MaxDocumentLength { get; set; } = 100_000;

    /// <summary>Deepest nesting the parser accepts (selection sets, lists and objects in literals).</summary>
    public int MaxParseDepth { get; set; } = 64;

    /// <summary>Most AST nodes in a document as written (fields, arguments, values, directives, ...).</summary>
    public int MaxDocumentNodes { get; set; } = 10_000;

    /// <summary>Most selections in any one selection set.</summary>
    public int MaxSelectionFields { get; set; } = 250;

    /// <summary>Most directives in a document.</summary>
    public int MaxDirectives { get; set; } = 100;

    /// <summary>Most fields an operation selects once every fragment spread is expanded.</summary>
    public int MaxExpandedFields { get; set; } = 5_000;

    /// <summary>How many characters of document text the cache of parsed and validated documents holds.</summary>
    public int DocumentCacheCharacters { get; set; } = 10_000_000;

    /// <summary>Seconds a query or mutation may run before it is cancelled (AppSync: 30).</summary>
    public int MaxExecutionSeconds { get; set; } = 30;

    /// <summary>Most errors in one response; the rest are summed up in one last error.</summary>
    public int MaxErrors { get; set; } = 100;

    /// <summary>Seconds running requests get to finish once the server is stopping; then they are cancelled.</summary>
    public int ShutdownDrainSeconds { get; set; } = 10;

    /// <summary>Readiness turns degraded while more GraphQL requests than this run at once.</summary>
    public int DegradedRunningRequests { get; set; } = 1_000;

    /// <summary>Readiness turns degraded while a request has run longer than this many seconds.</summary>
    public int DegradedRequestSeconds { get; set; } = 60;

    /// <summary>Readiness turns degraded while more work items than this wait for a thread-pool thread.</summary>
    public int DegradedThreadPoolQueue { get; set; } = 1_000;

    /// <summary>Seconds between real-time <c>ka</c> messages; AppSync clients warn after 65 s without one.</summary>
    public int KeepAliveInterval { get; set; } = 30;

    /// <summary>Seconds a new real-time connection has to send <c>connection_init</c>.</summary>
    public int ConnectionInitTimeout { get; set; } = 30;

    /// <summary>The <c>connectionTimeoutMs</c> announced in <c>connection_ack</c>.</summary>
    public int ConnectionTimeoutMs { get; set; } = 300_000;

    /// <summary>Subscriptions one real-time connection may hold (AppSync's limit is 100).</summary>
    public int MaxSubscriptionsPerConnection { get; set; } = 100;

    /// <summary>Seconds a real-time client may take to accept a frame before it is dropped as unresponsive.</summary>
    public int RealtimeSendTimeout { get; set; } = 10;

    /// <summary>
    /// <c>InMemory</c> (default): subscriptions see this process's writes. <c>Postgres</c>: every process on the same
    /// PostgreSQL database sees every write, through LISTEN/NOTIFY.
    /// </summary>
    public SubscriptionBusKind SubscriptionBus { get; set; } = SubscriptionBusKind.InMemory;

    /// <summary>Requests a minute per API key or token on /graphql and the real-time upgrade; 0 (default) is unlimited.</summary>
    public int RateLimitPerMinute { get; set; }

    /// <summary>Serves OpenTelemetry metrics in Prometheus text format at <c>/metrics</c>.</summary>
    public bool Prometheus { get; set; }

    /// <summary>Serves the web console at <c>/console</c> (off by default); it takes an admin credential, never an API key.</summary>
    public bool Console { get; set; }

    /// <summary>A JWT group (<c>cognito:groups</c> or <c>groups</c>) whose members may use the console, besides admin credentials.</summary>
    public string? ConsoleAdminGroup { get; set; }

    /// <summary>
    /// A PEM RSA private key of the configured token issuer, for test setups: with it the console signs tokens for
    /// test users ("run as"). Never set it for a production issuer.
    /// </summary>
    public string? ConsoleTestSigningKey { get; set; }

    /// <summary>Days a resolved conflict stays in the conflict log (default 7).</summary>
    public int ConflictLogDays { get; set; } = 7;

    /// <summary>How often expired tombstones and delta rows are removed, in seconds.</summary>
    public int SweepInterval { get; set; } = 60;
}

/// <summary>Per-model conflict handlers.</summary>
public sealed class ConflictOptions
{
    public Dictionary<string, ConflictHandlerKind> Models { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Where subscription events travel.</summary>
public enum SubscriptionBusKind
{
    InMemory,
    Postgres,
}

/// <summary>AppSync's authorization modes that Stratus serves (configuration names: API_KEY, OPENID_CONNECT, ...).</summary>
public enum AuthMode
{
    Api_Key,
    OpenId_Connect,
    Amazon_Cognito_User_Pools,
}
