using System.Text.Json.Nodes;
using Stratus.DataStore.Storage;

namespace Stratus.DataStore.Events;

/// <summary>
/// One event of the store's life, as Amplify's Hub channel <c>datastore</c> carries it (datastore-client.md §4);
/// <see cref="Name"/> is Amplify's event name. Stratus adds <see cref="SyncProgressEvent"/>,
/// <see cref="SyncLimitReachedEvent"/>, <see cref="MutationFailedEvent"/> and <see cref="SyncErrorEvent"/>.
/// </summary>
public abstract record DataStoreEvent(string Name);

/// <summary>The server became reachable (<c>Active</c>) or not; sent at start and on every change.</summary>
public sealed record NetworkStatusEvent(bool Active) : DataStoreEvent("networkStatus");

/// <summary>Every model's onCreate/onUpdate/onDelete subscription was acknowledged.</summary>
public sealed record SubscriptionsEstablishedEvent() : DataStoreEvent("subscriptionsEstablished");

/// <summary>A sync run began for these models.</summary>
public sealed record SyncQueriesStartedEvent(IReadOnlyList<string> Models) : DataStoreEvent("syncQueriesStarted");

/// <summary>One page of a model's sync was stored: <paramref name="Records"/> so far in this run.</summary>
public sealed record SyncProgressEvent(string Model, int Page, int Records, bool IsFullSync) : DataStoreEvent("syncProgress");

/// <summary>
/// A model's sync stopped at <c>MaxRecordsToSync</c> with more records on the server (Amplify cuts silently).
/// </summary>
public sealed record SyncLimitReachedEvent(string Model, int Limit) : DataStoreEvent("syncLimitReached");

/// <summary>A model finished syncing; the counts are the local rows it added, changed and removed.</summary>
public sealed record ModelSyncedEvent(string Model, bool IsFullSync, bool IsDeltaSync, int New, int Updated, int Deleted) : DataStoreEvent("modelSynced");

/// <summary>Every model's sync finished (some may have failed: see <see cref="SyncErrorEvent"/>).</summary>
public sealed record SyncQueriesReadyEvent() : DataStoreEvent("syncQueriesReady");

/// <summary>Sync, outbox start and buffered subscription events are done; or the store started offline.</summary>
public sealed record ReadyEvent() : DataStoreEvent("ready");

/// <summary>A local change was queued; <paramref name="Element"/> is the record as stored (as it was, for a delete).</summary>
public sealed record OutboxMutationEnqueuedEvent(string Model, MutationOperation Operation, JsonObject Element) : DataStoreEvent("outboxMutationEnqueued");

/// <summary>The server accepted a queued change; <paramref name="Element"/> is its answer, with <c>_version</c>.</summary>
public sealed record OutboxMutationProcessedEvent(string Model, MutationOperation Operation, JsonObject Element) : DataStoreEvent("outboxMutationProcessed");

/// <summary>Whether anything is waiting to be sent.</summary>
public sealed record OutboxStatusEvent(bool IsEmpty) : DataStoreEvent("outboxStatus");

/// <summary>
/// The server refused a queued change for good. It stays in the outbox, listed by
/// <c>GetFailedMutationsAsync</c>, until the app retries or discards it; the local row keeps the change.
/// </summary>
public sealed record MutationFailedEvent(long Sequence, string Model, string ModelId, MutationOperation Operation, string? ErrorType, string Message) : DataStoreEvent("outboxMutationFailed");

/// <summary>Something failed that the app may want to know of (the error handler gets the same <see cref="Sync.Conflicts.SyncError"/>).</summary>
public sealed record SyncErrorEvent(Sync.Conflicts.SyncError Error) : DataStoreEvent("syncError");
