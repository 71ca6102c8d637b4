using System.Text.Json.Nodes;
using Stratus.DataStore.Storage;

namespace Stratus.DataStore.Outbox;

/// <summary>
/// A local change not yet confirmed by the server, as the outbox holds it: what an app shows as "not synced yet".
/// <see cref="Data"/> holds the fields the mutation sends (stored form, schema field names).
/// </summary>
public sealed record PendingMutation(
    long Sequence,
    string Model,
    string ModelId,
    MutationOperation Operation,
    JsonObject Data,
    JsonObject? Condition,
    bool InFlight,
    DateTimeOffset QueuedAt);
