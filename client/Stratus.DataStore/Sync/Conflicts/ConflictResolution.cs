using Stratus.DataStore.Models;

namespace Stratus.DataStore.Sync.Conflicts;

/// <summary>What the app's conflict handler decides (Amplify's "return a model" or <c>DISCARD</c>).</summary>
public abstract record ConflictResolution
{
    private ConflictResolution()
    {
    }

    /// <summary>
    /// Send the change again on top of the server's version: the queued fields as they are, or every field of
    /// <paramref name="model"/> when given (its key must be the record's).
    /// </summary>
    public static ConflictResolution Retry(StratusModel? model = null) => new RetryResolution(model);

    /// <summary>Drop the local change and take the server's copy.</summary>
    public static ConflictResolution Discard { get; } = new DiscardResolution();

    internal sealed record RetryResolution(StratusModel? Model) : ConflictResolution;

    internal sealed record DiscardResolution : ConflictResolution;
}

/// <summary>Decides a conflict; the default sends the local change again on the server's version ("client wins").</summary>
public delegate ValueTask<ConflictResolution> ConflictHandler(SyncConflict conflict, CancellationToken cancellationToken);
