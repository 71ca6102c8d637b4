using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stratus.DataStore.Configuration;
using Stratus.DataStore.Events;
using Stratus.DataStore.Models;
using Stratus.DataStore.Outbox;
using Stratus.DataStore.Querying;
using Stratus.DataStore.Serialization;
using Stratus.DataStore.Storage;

namespace Stratus.DataStore;

/// <summary>
/// The offline-first store of an app's models: a local SQLite database that is the app's database, with every
/// change queued in an outbox for the sync engine. Safe for concurrent callers: reads run in parallel, writes are
/// serialized, and each write commits together with its outbox entry. Every call opens (and evolves) the database
/// first if needed, as Amplify's implicit <c>start()</c>.
/// </summary>
public sealed partial class DataStore : IAsyncDisposable
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
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private volatile bool _started;
    private volatile bool _disposed;

    public DataStore(DataStoreOptions options, ILogger<DataStore>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger<DataStore>.Instance;
        _time = time ?? TimeProvider.System;
        _catalog = new ModelCatalog(options.Models!);
        _codec = new JsonCodec(_catalog);
        _predicates = new PredicateTranslator(_catalog);
        _validator = new ModelValidator(_catalog);
        _outbox = new OutboxWriter(_time);
        _feed = new ChangeFeed(_logger);
        _connectionString = options.ConnectionString ?? new SqliteConnectionStringBuilder { DataSource = options.DatabasePath, Pooling = true }.ToString();
        _dbOptions = LocalDbContext.Options(_connectionString);
    }

    /// <summary>Opens the local database and brings it to the current schema. Idempotent; every other call does it implicitly.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_started)
        {
            return;
        }

        await _startLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_started)
            {
                await using var db = NewContext();
                await new LocalSchemaMigrator(_catalog, _logger).MigrateAsync(db, cancellationToken).ConfigureAwait(false);
                _started = true;
            }
        }
        finally
        {
            _startLock.Release();
        }
    }

    /// <summary>
    /// Deletes every local record, the outbox and all sync metadata, keeping the (empty) tables. The next sync is a
    /// full one. Observers get no delete events: nothing was deleted on the server.
    /// </summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = NewContext();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var table in _catalog.Models.Select(m => m.Name).Concat([LocalDbContext.OutboxTable, LocalDbContext.MetadataTable, LocalDbContext.SyncTable]))
            {
#pragma warning disable EF1002 // Table names come from the schema (identifiers), not from user input.
                await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"{table}\"", cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _logger.LogInformation(EventIds.Cleared, "Local store cleared");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Delivers pending change events, completes every observer and releases the database file.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _feed.CompleteAsync().ConfigureAwait(false);
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    internal ModelCatalog Catalog => _catalog;

    internal LocalDbContext NewContext() => new(_dbOptions, _catalog, _codec);

    internal SyncStatus SyncStatus { get; } = new();

    private async Task<T> WriteAsync<T>(Func<LocalDbContext, List<StoredChange>, Task<T>> write, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var changes = new List<StoredChange>();
            T result;
            await using (var db = NewContext())
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                result = await write(db, changes).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            // Still under the write lock, so changes are queued (and delivered) in commit order.
            _feed.Publish(changes);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
