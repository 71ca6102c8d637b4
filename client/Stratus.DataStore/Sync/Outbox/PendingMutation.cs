using System.Text.Json.Nodes;
using Stratus.DataStore.Storage;

namespace Stratus.DataStore.Sync.Outbox;

/// <summary>
/// A local change not yet confirmed by the server, as the outbox holds it: what an app shows as "not synced yet".
/// <see cref="Data"/> holds the fields the mutation sends (stored form, schema field names). A <see cref="Failed"/>
/// one was refused by the server (<see cref="ErrorType"/>, <see cref="ErrorMessage"/>) and waits for the app to
/// retry or discard it.
/// </summary>
public sealed record PendingMutation(
    long Sequence,
    string Model,
    string ModelId,
    MutationOperation Operation,
    JsonObject Data,
    JsonObject? Condition,
    bool InFlight,
    DateTimeOffset QueuedAt,
    bool Failed = false,
    string? ErrorType = null,
    string? ErrorMessage = null)
{
    internal static PendingMutation From(OutboxEntry entry) => new(
        entry.Sequence,
        entry.ModelName,
        entry.ModelId,
        entry.Operation,
        JsonNode.Parse(entry.Data)!.AsObject(),
        entry.Condition is null ? null : JsonNode.Parse(entry.Condition)!.AsObject(),
        entry.InFlight,
        DateTimeOffset.FromUnixTimeMilliseconds(entry.CreatedAt),
        entry.Failed,
        entry.ErrorType,
        entry.ErrorMessage);
}
