namespace Stratus.DataStore.Sync.Outbox;

/// <summary>
/// The outbox head as it is being sent: the queued change, the record's <c>_version</c> read from the metadata at
/// send time (null before the server has seen the record), and how often it was sent, this time included.
/// </summary>
internal sealed record OutboundMutation(PendingMutation Entry, long? Version, int Attempts)
{
    public long Sequence => Entry.Sequence;

    public string Model => Entry.Model;

    public string ModelId => Entry.ModelId;

    public Storage.MutationOperation Operation => Entry.Operation;

    public System.Text.Json.Nodes.JsonObject Data => Entry.Data;

    public System.Text.Json.Nodes.JsonObject? Condition => Entry.Condition;
}
