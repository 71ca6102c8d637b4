using System.Text.Json.Nodes;
using Stratus.DataStore.Models;
using Stratus.DataStore.Storage;

namespace Stratus.DataStore.Sync.Conflicts;

/// <summary>
/// The server answered a queued change with <c>ConflictUnhandled</c>: its copy moved on since the change was made
/// (Amplify's SyncConflict). <see cref="Local"/> is what was sent (stored form, schema field names);
/// <see cref="Remote"/> the server's item; <see cref="Attempts"/> counts the conflicts of this change so far.
/// </summary>
public sealed record SyncConflict(
    string Model,
    MutationOperation Operation,
    JsonObject Local,
    JsonObject Remote,
    StratusModel? LocalModel,
    StratusModel RemoteModel,
    int Attempts);
