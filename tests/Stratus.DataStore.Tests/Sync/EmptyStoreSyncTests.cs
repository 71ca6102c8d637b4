using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Stratus.DataStore.Storage;
using Stratus.DataStore.Sync;
using Stratus.DataStore.Tests.Models;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>A base sync into an empty store runs on raw statements alone: EF Core is not set up for any of its work.</summary>
public sealed class EmptyStoreSyncTests : SyncTestBase
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    [Fact]
    public async Task A_base_sync_into_an_empty_store_sets_up_no_EF_Core_context_and_stores_every_record()
    {
        foreach (var title in new[] { "one", "two", "three" })
        {
            await ServerAsync("mutation($title: String!) { createPost(input: {title: $title}) { id } }", new { title });
        }

        var client = Client(o => o.DisableSubscriptions = true);
        Assert.Equal(0, await client.Store.CountAsync<Post>());
        // Opening started EF Core's own build on another thread; it is left to end, so only the sync's work is counted.
        await client.Store.ModelBuilt;

        SyncSummary summary;
        using (var contexts = new ContextsInitialized(client.Store))
        {
            summary = await client.Store.SyncAsync();
            Assert.Equal(0, contexts.Count);
            // The count does see this store's contexts: a query sets one up.
            await client.Store.CountAsync<Post>();
            Assert.Equal(1, contexts.Count);
        }

        Assert.Equal(3, summary.Pulled["Post"]);
        Assert.Equal(["one", "three", "two"], (await client.Store.QueryAsync<Post>()).Select(p => p.Title).Order());
    }

    /// <summary>Counts the EF Core contexts of one store that set up their services (EF Core's diagnostic events).</summary>
    private sealed class ContextsInitialized : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly StratusDataStore _store;
        private readonly IDisposable _listeners;
        private readonly List<IDisposable> _subscriptions = [];
        private bool _disposed;
        private int _count;

        public ContextsInitialized(StratusDataStore store)
        {
            _store = store;
            _listeners = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == "Microsoft.EntityFrameworkCore")
            {
                lock (_subscriptions)
                {
                    if (!_disposed)
                    {
                        _subscriptions.Add(listener.Subscribe(this));
                    }
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == CoreEventId.ContextInitialized.Name && value.Value is ContextInitializedEventData { Context: LocalDbContext db } && ReferenceEquals(db.Catalog, _store.Catalog))
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _listeners.Dispose();
            lock (_subscriptions)
            {
                _disposed = true;
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
