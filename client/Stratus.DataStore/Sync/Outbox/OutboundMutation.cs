using System.Text.Json.Nodes;
using Stratus.DataStore.Storage;

namespace Stratus.DataStore.Sync.Outbox;

/// <summary>
/// The outbox head as it is being sent: its fields, and the record's <c>_version</c> read from the metadata at
/// send time (null before the server has seen the record). <see cref="Attempts"/> includes this one.
/// </summary>
internal sealed record OutboundMutation(
    long Sequence,
    string Model,
    string ModelId,
    MutationOperation Operation,
    JsonObject Data,
    JsonObject? Condition,
    long? Version,
    int Attempts);
