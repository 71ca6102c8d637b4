using System.Text.Json.Nodes;

namespace Stratus.Server.Storage;

/// <summary>
/// What a write decided after seeing the locked current item: the new user data and whether it is a tombstone.
/// Throwing from the decision instead aborts the transaction with nothing written.
/// </summary>
public sealed record WritePlan(JsonObject Data, bool Deleted, long? TtlSeconds);

/// <summary>The clock values a write decision may use.</summary>
public sealed record WriteClock(DateTimeOffset Now, long DeltaExpiresAtMs);
