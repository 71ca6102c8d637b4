using Microsoft.Extensions.Logging;
using Stratus.DataStore.Sync.Conflicts;

namespace Stratus.DataStore.Events;

/// <summary>
/// The store's event stream (Amplify's Hub channel <c>datastore</c>), delivered in order off the caller's thread;
/// sync errors also go to the app's error handler.
/// </summary>
internal sealed class EventHub(ILogger logger, SyncErrorHandler? errorHandler) : Broadcast<DataStoreEvent>(logger)
{
    private readonly ILogger _logger = logger;

    public void Publish(DataStoreEvent value) => Publish([value]);

    public async ValueTask ErrorAsync(SyncError error, CancellationToken cancellationToken)
    {
        Publish(new SyncErrorEvent(error));
        if (errorHandler is null)
        {
            return;
        }

        try
        {
            await errorHandler(error, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            _logger.LogError(EventIds.ErrorHandlerFailed, failure, "The error handler threw while handling a {Process} error on {Model}", error.Process, error.Model);
        }
    }
}
