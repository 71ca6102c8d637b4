namespace Stratus.DataStore.Storage;

/// <summary>
/// A local change waiting to be sent (Amplify's MutationEvent), in table <c>stratus_outbox</c>. Entries leave in
/// <see cref="Sequence"/> order; at most one entry per record is not yet in flight (see <c>OutboxWriter</c>).
/// </summary>
internal sealed class OutboxEntry
{
    public long Sequence { get; set; }

    public required string ModelName { get; set; }

    /// <summary>The record's key values joined with <c>-</c> (Amplify's modelId).</summary>
    public required string ModelId { get; set; }

    public required MutationOperation Operation { get; set; }

    /// <summary>The fields to send as a JSON object (all fields on create, the key and changed fields on update).</summary>
    public required string Data { get; set; }

    /// <summary>The AppSync condition input, as JSON, for updates and deletes saved with a condition.</summary>
    public string? Condition { get; set; }

    /// <summary>True while the sync engine is sending it; coalescing leaves such an entry alone.</summary>
    public bool InFlight { get; set; }

    /// <summary>Unix milliseconds when it was queued.</summary>
    public long CreatedAt { get; set; }

    /// <summary>How often it was handed to the server; above zero, an earlier send may have landed before a crash.</summary>
    public int Attempts { get; set; }

    /// <summary>The server refused it for good; it stays here, visible, until the app retries or discards it.</summary>
    public bool Failed { get; set; }

    public string? ErrorType { get; set; }

    public string? ErrorMessage { get; set; }
}
