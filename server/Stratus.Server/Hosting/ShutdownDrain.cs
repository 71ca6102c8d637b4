using Microsoft.Extensions.Options;

namespace Stratus.Server.Hosting;

/// <summary>
/// Graceful shutdown for requests: when the server starts stopping, running queries and mutations get
/// <see cref="StratusOptions.ShutdownDrainSeconds"/> to finish; then <see cref="Expired"/> cancels what is left,
/// which rolls back its transaction, so nothing is half-written. (Kestrel takes no new requests meanwhile, and
/// real-time clients get a close frame.)
/// </summary>
internal sealed class ShutdownDrain : IDisposable
{
    private readonly CancellationTokenSource _expired = new();
    private readonly CancellationTokenRegistration _stopping;
    private ITimer? _timer;

    public ShutdownDrain(IHostApplicationLifetime lifetime, IOptions<StratusOptions> options, TimeProvider time) =>
        _stopping = lifetime.ApplicationStopping.Register(() =>
            _timer = time.CreateTimer(_ => _expired.Cancel(), null, TimeSpan.FromSeconds(Math.Max(0, options.Value.ShutdownDrainSeconds)), Timeout.InfiniteTimeSpan));

    /// <summary>Cancelled once the drain time after the stop signal has passed.</summary>
    public CancellationToken Expired => _expired.Token;

    public void Dispose()
    {
        _stopping.Dispose();
        _timer?.Dispose();
        _expired.Dispose();
    }
}
