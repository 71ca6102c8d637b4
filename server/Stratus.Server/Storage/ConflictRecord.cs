namespace Stratus.Server.Storage;

/// <summary>A conflict the server resolved: the write that met a newer item, what was decided, for whom and when.</summary>
public sealed class ConflictRecord
{
    public long Id { get; set; }

    public required string Model { get; set; }

    /// <summary>The item's key as stored (<see cref="ItemKey"/>).</summary>
    public required string Pk { get; set; }

    public required string Operation { get; set; }

    /// <summary>AUTOMERGE, OPTIMISTIC_CONCURRENCY, LAMBDA or NONE.</summary>
    public required string Strategy { get; set; }

    /// <summary>merged, rejected, overwritten, or the LAMBDA handler's resolve/reject/remove.</summary>
    public required string Outcome { get; set; }

    /// <summary>The write as sent (its input, <c>_version</c> included), as JSON.</summary>
    public required string Incoming { get; set; }

    /// <summary>The server's item the write met, as JSON.</summary>
    public required string ServerItem { get; set; }

    /// <summary>The caller: <c>apikey:da2-…</c> or <c>user:NAME</c>.</summary>
    public string? Caller { get; set; }

    /// <summary>Epoch milliseconds.</summary>
    public long At { get; set; }
}
