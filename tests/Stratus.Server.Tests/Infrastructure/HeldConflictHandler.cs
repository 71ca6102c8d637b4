using Stratus.Server.Conflicts;

namespace Stratus.Server.Tests.Infrastructure;

/// <summary>
/// A LAMBDA conflict handler that holds the conflicting request until the test releases it, then resolves to the
/// incoming item; it gives up when its request is cancelled. For tests of requests that are still running.
/// </summary>
internal sealed class HeldConflictHandler : IConflictHandler
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set once a conflict reached the handler.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Set once the handler waits, bound to its request's cancellation.</summary>
    public Task Waiting => _waiting.Task;

    public void Release() => _release.TrySetResult();

    public async Task<ConflictResolution> ResolveAsync(ConflictRequest request, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        var released = _release.Task.WaitAsync(cancellationToken);
        _waiting.TrySetResult();
        await released;
        return ConflictResolution.Resolve(request.NewItem);
    }
}
