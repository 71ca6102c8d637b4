namespace Stratus.DataStore.Configuration;

/// <summary>
/// Timing of the sync engine's retries. A transient failure (network, HTTP 5xx, throttling) is retried
/// <see cref="MaxAttempts"/> times with jittered exponential backoff from <see cref="BaseDelay"/> up to
/// <see cref="MaxDelay"/>; after that the store counts as offline and probes the server again from
/// <see cref="ReconnectBaseDelay"/>, doubling to <see cref="MaxReconnectDelay"/>, until it answers.
/// </summary>
public sealed class SyncRetryOptions
{
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the client waits for <c>connection_ack</c> and each <c>start_ack</c> (15 s, as amplify-js).</summary>
    public TimeSpan RealtimeAckTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
