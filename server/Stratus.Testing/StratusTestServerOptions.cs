using Stratus.Server.Conflicts;
using Stratus.Server.Hosting;

namespace Stratus.Testing;

/// <summary>How <see cref="StratusTestServer.StartAsync"/> sets the server up; every setting has a test-friendly default.</summary>
public sealed class StratusTestServerOptions
{
    /// <summary>
    /// A PostgreSQL (<c>Host=...</c>) or SQLite (<c>Data Source=...</c>) connection string. Default: a new SQLite file
    /// in the temp folder, deleted when the server is disposed.
    /// </summary>
    public string? Database { get; set; }

    /// <summary>The server's conflict strategy (default AUTOMERGE, as on AppSync).</summary>
    public ConflictHandlerKind ConflictHandler { get; set; } = ConflictHandlerKind.Automerge;

    /// <summary>The API key clients send (default: a fixed test key).</summary>
    public string ApiKey { get; set; } = "da2-stratustestserverkey0000";

    /// <summary>
    /// The mode the tokens of <see cref="StratusTestServer.CreateToken"/> are accepted under, beside API keys:
    /// <see cref="AuthMode.Amazon_Cognito_User_Pools"/> (the default; what <c>allow: owner</c> and <c>allow: groups</c>
    /// rules mean without a provider) or <see cref="AuthMode.OpenId_Connect"/>.
    /// </summary>
    public AuthMode TokenAuthMode { get; set; } = AuthMode.Amazon_Cognito_User_Pools;

    /// <summary>The clock the server stamps <c>_lastChangedAt</c> with (default: the system clock).</summary>
    public TimeProvider? Time { get; set; }

    /// <summary>Where the server's logs go (none by default): the console's audit lines, conflict handling, requests.</summary>
    public Microsoft.Extensions.Logging.ILoggerProvider? LoggerProvider { get; set; }

    /// <summary>Any further server setting (limits, TTLs, per-model conflict strategies), applied last.</summary>
    public Action<StratusOptions>? Configure { get; set; }
}
