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

    public string AuthMode { get; set; } = "API_KEY";

    /// <summary>Largest accepted request body, in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Deepest accepted nesting of selection sets.</summary>
    public int MaxQueryDepth { get; set; } = 15;

    /// <summary>How often expired tombstones and delta rows are removed, in seconds.</summary>
    public int SweepInterval { get; set; } = 60;
}

/// <summary>Per-model conflict handlers.</summary>
public sealed class ConflictOptions
{
    public Dictionary<string, ConflictHandlerKind> Models { get; set; } = new(StringComparer.Ordinal);
}
