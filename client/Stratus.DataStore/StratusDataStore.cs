using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stratus.DataStore.Configuration;
using Stratus.DataStore.Events;
using Stratus.DataStore.Models;
using Stratus.DataStore.Querying;
using Stratus.DataStore.Serialization;
using Stratus.DataStore.Storage;
using Stratus.DataStore.Sync;
using Stratus.DataStore.Sync.Outbox;

namespace Stratus.DataStore;

/// <summary>
/// The offline-first store of an app's models: a local SQLite database that is the app's database, with every
/// change queued in an outbox for the sync engine. Safe for concurrent callers: reads run in parallel, writes are
/// serialized, and each write commits together with its outbox entry. Every call opens (and evolves) the database
/// first if needed, as Amplify's implicit <c>start()</c>.
/// </summary>
public sealed partial class StratusDataStore : IAsyncDisposable
{
    private readonly DataStoreOptions _options;
    private readonly ModelCatalog _catalog;
    private readonly JsonCodec _codec;
    private readonly PredicateTranslator _predicates;
    private readonly ModelValidator _validator;
    private readonly OutboxWriter _outbox;
    private readonly ChangeFeed _feed;
    private readonly DbContextOptions<LocalDbContext> _dbOptions;
    private readonly string _connectionString;
    private readonly LocalWriter _writer;
    private readonly EventHub _events;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly IReadOnlyDictionary<string, Schema.Filters.FilterNode?> _expressions;
    private readonly RemoteMerger _merger;
    private readonly OutboxQueue _queue;
    private SyncEngine? _engine;
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private Task? _modelBuilt;
    private volatile bool _opened;
    private volatile bool _disposed;

    public StratusDataStore(DataStoreOptions options, ILogger<StratusDataStore>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger<StratusDataStore>.Instance;
        _time = time ?? TimeProvider.System;
        _catalog = new ModelCatalog(options.Models!);
        _codec = new JsonCodec(_catalog);
        _predicates = new PredicateTranslator(_catalog);
        _validator = new ModelValidator(_catalog);
        _outbox = new OutboxWriter(_time);
        _feed = new ChangeFeed(_logger);
        _connectionString = options.ConnectionString ?? new SqliteConnectionStringBuilder { DataSource = options.DatabasePath, Pooling = true }.ToString();
        _dbOptions = LocalDbContext.Options();
        _writer = new LocalWriter(_connectionString, WriteContext, _feed);
        _events = new EventHub(_logger, options.ErrorHandler);
        _ownsHttp = options.HttpClient is null;
        _http = options.HttpClient ?? new HttpClient();
        _expressions = SyncExpressions();
        _merger = new RemoteMerger(this);
        _queue = new OutboxQueue(this, _merger);
        SyncStatus.LocalOnly = options.AppSync is null;
    }

    /// <summary>Opens the local database and brings it to the current schema. Idempotent; every call does it implicitly.</summary>
    internal async Task OpenAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_opened)
        {
            return;
        }

        await _startLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_opened)
            {
                // EF Core's first use in a process (its services and this schema's model: a few hundred milliseconds
                // of compiling) is made on another thread, and nothing waits for it: a sync writes with raw statements
                // alone, and the app's first query or save finds it ready, or waits for it inside EF Core. Its failure
                // (a mapping error) is logged here and reported by every use of EF Core.
                _modelBuilt = Task.Run(BuildModel, CancellationToken.None);
                _ = _modelBuilt.ContinueWith(
                    t => _logger.LogError(EventIds.ModelBuildFailed, t.Exception!.GetBaseException(), "EF Core could not build the local model of this schema; every query and save will fail"),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                await new LocalSchemaMigrator(_catalog, _logger).MigrateAsync(_connectionString, cancellationToken).ConfigureAwait(false);
                _opened = true;
            }
        }
        finally
        {
            _startLock.Release();
        }
    }

    /// <summary>
    /// Stops syncing, then deletes every local record, the outbox and all sync metadata, keeping the (empty) tables.
    /// The next <c>StartAsync</c> or <c>SyncAsync</c> is a full sync. Observers get no delete events: nothing was
    /// deleted on the server.
    /// </summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        await _writer.WriteAsync(async (db, _) =>
        {
            foreach (var table in _catalog.Models.Select(m => m.Name).Concat([LocalDbContext.OutboxTable, LocalDbContext.MetadataTable, LocalDbContext.SyncTable]))
            {
#pragma warning disable EF1002 // Table names come from the schema (identifiers), not from user input.
                await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"{table}\"", cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
        SyncStatus.Reset();
        _logger.LogInformation(EventIds.Cleared, "Local store cleared");
    }

    /// <summary>Delivers pending change events, completes every observer and releases the database file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        await _feed.CompleteAsync().ConfigureAwait(false);
        await _events.CompleteAsync().ConfigureAwait(false);
        if (_ownsHttp)
        {
            _http.Dispose();
        }

        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    internal ModelCatalog Catalog => _catalog;

    internal JsonCodec Codec => _codec;

    internal LocalWriter Writer => _writer;

    internal DataStoreOptions Options => _options;

    internal TimeProvider Time => _time;

    internal RemoteMerger Merger => _merger;

    internal ChangeFeed Feed => _feed;

    internal OutboxQueue Queue => _queue;

    /// <summary>A context of its own connection, for reads.</summary>
    internal LocalDbContext NewContext() => new(_dbOptions, new SqliteConnection(_connectionString), ownsConnection: true, _catalog, _codec);

    /// <summary>A context for one of <see cref="LocalWriter"/>'s writes: on its connection, inside its transaction.</summary>
    private LocalDbContext WriteContext(SqliteConnection connection)
    {
        var db = new LocalDbContext(_dbOptions, connection, ownsConnection: false, _catalog, _codec);
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        return db;
    }

    /// <summary>Builds EF Core's services and model for this store's schema (after a process's first store, EF Core's cache has them).</summary>
    private void BuildModel()
    {
        using var db = NewContext();
        _ = db.Model;
    }

    /// <summary>Ends when the background build of EF Core's services and model that opening started has ended.</summary>
    internal Task ModelBuilt => _modelBuilt ?? Task.CompletedTask;

    internal SyncStatus SyncStatus { get; } = new();

    private async Task<T> WriteAsync<T>(Func<LocalDbContext, List<StoredChange>, Task<T>> write, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        List<StoredChange>? committed = null;
        var result = await _writer.WriteAsync(async (db, changes) =>
        {
            committed = changes;
            return await write(db, changes).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        OnQueued(committed!);
        return result;
    }
}
