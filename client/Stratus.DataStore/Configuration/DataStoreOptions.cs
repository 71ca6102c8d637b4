using System.Linq.Expressions;
using Stratus.DataStore.Api;
using Stratus.DataStore.Models;
using Stratus.DataStore.Sync.Conflicts;
using Stratus.DataStore.Sync.Subscriptions;

namespace Stratus.DataStore.Configuration;

/// <summary>Settings of one StratusDataStore. Only <see cref="Models"/> is required; everything else has a working default.</summary>
public sealed class DataStoreOptions
{
    /// <summary>The generated registry of the app's schema (<c>new StratusModels()</c>).</summary>
    public ModelRegistry? Models { get; set; }

    /// <summary>
    /// The SQLite file of this store (default <c>stratus-datastore.db</c> in the working directory). Give each
    /// signed-in user their own file to keep their data apart.
    /// </summary>
    public string DatabasePath { get; set; } = "stratus-datastore.db";

    /// <summary>A full SQLite connection string; when set it wins over <see cref="DatabasePath"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Records per sync page, and the number of changes that makes <c>ObserveQuery</c> emit early (default 1000, as Amplify).</summary>
    public int SyncPageSize { get; set; } = 1000;

    /// <summary>The longest <c>ObserveQuery</c> holds back changes before the model is synced (default 2 s, as Amplify).</summary>
    public TimeSpan ObserveQueryMaxInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Makes the id of a new record whose managed <c>id</c> is empty (default: a random UUID v4).</summary>
    public Func<string> NewId { get; set; } = () => Guid.NewGuid().ToString();

    /// <summary>
    /// The GraphQL API to sync with (a Stratus server or AWS AppSync; <see cref="AppSyncSettings.Load"/> reads
    /// <c>amplifyconfiguration.json</c>). Null: local-only, nothing is ever sent.
    /// </summary>
    public AppSyncSettings? AppSync { get; set; }

    /// <summary>How auth modes are picked per model and operation (default: always the API's default mode).</summary>
    public AuthModeStrategyType AuthModeStrategy { get; set; } = AuthModeStrategyType.Default;

    /// <summary>The signed-in user's tokens for the JWT modes, over HTTP and on the real-time socket.</summary>
    public IAuthTokenProvider? TokenProvider { get; set; }

    /// <summary>The HTTP client for GraphQL requests (default: one of the store's own).</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>
    /// The most records one sync run takes per model (default 10,000, as Amplify). Reaching it raises a
    /// <c>SyncLimitReachedEvent</c> and a warning; it never cuts silently.
    /// </summary>
    public int MaxRecordsToSync { get; set; } = 10_000;

    /// <summary>How long delta syncs may follow a full sync before the next full one (default 24 h, as Amplify).</summary>
    public TimeSpan FullSyncInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Decides <c>ConflictUnhandled</c> answers; default: send the local change again on the server's version.</summary>
    public ConflictHandler? ConflictHandler { get; set; }

    /// <summary>Told of every sync error (also published as a <c>SyncErrorEvent</c>).</summary>
    public SyncErrorHandler? ErrorHandler { get; set; }

    /// <summary>Retry and reconnect timing.</summary>
    public SyncRetryOptions Retry { get; } = new();

    /// <summary>Turns off the real-time subscriptions: changes then arrive by sync runs only.</summary>
    public bool DisableSubscriptions { get; set; }

    /// <summary>
    /// Selective sync: only records matching <paramref name="predicate"/> (a flat predicate on the model's own
    /// fields) are pulled and received live. Changing it between runs re-syncs the model and removes local records
    /// outside it that have no pending change.
    /// </summary>
    public DataStoreOptions SyncExpression<T>(Expression<Func<T, bool>> predicate)
        where T : StratusModel
    {
        ArgumentNullException.ThrowIfNull(predicate);
        SyncExpressions[typeof(T)] = predicate;
        return this;
    }

    internal Dictionary<Type, LambdaExpression> SyncExpressions { get; } = [];

    /// <summary>
    /// Settings for the real-time WebSocket before it connects, e.g. to trust a development server's certificate:
    /// <c>o.ConfigureWebSocket = ws => ws.RemoteCertificateValidationCallback = (_, cert, _, _) => ...</c>
    /// (HTTP requests take the same trust through <see cref="HttpClient"/>).
    /// </summary>
    public Action<System.Net.WebSockets.ClientWebSocketOptions>? ConfigureWebSocket { get; set; }

    /// <summary>The real-time socket when not the real one (tests put a fake here).</summary>
    internal Func<IRealtimeSocket>? RealtimeSocket { get; set; }

    internal void Validate()
    {
        if (Models is null)
        {
            throw new InvalidOperationException("DataStoreOptions.Models is not set: pass the generated registry, e.g. options.Models = new StratusModels().");
        }

        if (ConnectionString is null && string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new InvalidOperationException("DataStoreOptions.DatabasePath is empty: give the SQLite file of the store.");
        }

        if (SyncPageSize <= 0)
        {
            throw new InvalidOperationException($"DataStoreOptions.SyncPageSize must be positive, not {SyncPageSize}.");
        }

        if (SyncPageSize > 1000 && AppSync is not null)
        {
            throw new InvalidOperationException($"DataStoreOptions.SyncPageSize is {SyncPageSize}; AppSync pages hold at most 1000 records.");
        }

        if (MaxRecordsToSync <= 0)
        {
            throw new InvalidOperationException($"DataStoreOptions.MaxRecordsToSync must be positive, not {MaxRecordsToSync}.");
        }

        if (FullSyncInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"DataStoreOptions.FullSyncInterval must be positive, not {FullSyncInterval}.");
        }
    }
}
