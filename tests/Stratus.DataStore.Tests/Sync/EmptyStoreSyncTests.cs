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
        using (var contexts = new ContextsInitialized(client.Path))
        {
            summary = await client.Store.SyncAsync();
            Assert.Equal(0, contexts.Count);
        }

        Assert.Equal(3, summary.Pulled["Post"]);
        Assert.Equal(["one", "three", "two"], (await client.Store.QueryAsync<Post>()).Select(p => p.Title).Order());
    }

    /// <summary>Counts the EF Core contexts on one database file that set up their services (EF Core's diagnostic events).</summary>
    private sealed class ContextsInitialized : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _path;
        private readonly IDisposable _listeners;
        private readonly List<IDisposable> _subscriptions = [];
        private int _count;

        public ContextsInitialized(string path)
        {
            _path = path;
            _listeners = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == "Microsoft.EntityFrameworkCore")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(listener.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == CoreEventId.ContextInitialized.Name && value.Value is ContextInitializedEventData { Context: LocalDbContext db } && db.Connection.DataSource == _path)
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
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
