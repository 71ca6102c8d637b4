using System.Text.Json.Nodes;

namespace Stratus.DataStore.Sync.Conflicts;

/// <summary>Where a sync error happened (Amplify's <c>process</c>).</summary>
public enum SyncProcess
{
    /// <summary>Pulling a model's records.</summary>
    Sync,

    /// <summary>Sending a queued change.</summary>
    Mutate,

    /// <summary>The real-time subscriptions.</summary>
    Subscribe,
}

/// <summary>
/// A sync error handed to the app's error handler (Amplify's SyncError): the AppSync <see cref="ErrorType"/> when
/// the server gave one, the model, and for a mutation the local change and the server's item if it sent one.
/// </summary>
public sealed record SyncError(
    SyncProcess Process,
    string Model,
    string? ErrorType,
    string Message,
    JsonObject? LocalRecord = null,
    JsonObject? RemoteRecord = null,
    Exception? Cause = null);

/// <summary>Told of every sync error; it cannot change the outcome (a failed mutation stays visible in the outbox).</summary>
public delegate ValueTask SyncErrorHandler(SyncError error, CancellationToken cancellationToken);
