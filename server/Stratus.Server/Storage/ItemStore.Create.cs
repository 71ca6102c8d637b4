using System.Text.Json.Nodes;

namespace Stratus.Server.Storage;

public sealed partial class ItemStore
{
    /// <summary>
    /// A create of a key that is not stored, in one round trip where the database allows it
    /// (<see cref="ISqlDialect.CreateIfAbsent"/>): the same lock, stamp and rows as <see cref="WriteAsync"/>, with
    /// nothing to decide. Null when the key is stored (an item, or a tombstone the sweeper has not removed yet) or
    /// the database has no such statement: then the caller writes through <see cref="WriteAsync"/>, which decides.
    /// </summary>
    public async Task<StoredItem?> TryCreateAsync(string model, string pk, JsonObject data, WriteClock clock, Func<StoredItem, Task>? afterCommit, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        var json = data.ToJsonString();
        if (dialect.CreateIfAbsent(parameters.Add(model), parameters.Add(pk), parameters.Add(json), parameters.Add(clock.Now.ToUnixTimeMilliseconds()), parameters.Add(clock.DeltaExpiresAtMs)) is not { } create)
        {
            return null;
        }

        using var gate = await WriterGateAsync(afterCommit is null ? null : (model, pk), cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        long? stamp;
        var open = true;
        try
        {
            (stamp, _) = await ReadStartAsync(connection, null, $"BEGIN; {create}; COMMIT", parameters, cancellationToken);
            open = false;
        }
        finally
        {
            if (open)
            {
                await UndoAsync(connection, "ROLLBACK");
            }
        }

        if (stamp is null)
        {
            return null;
        }

        var result = new StoredItem(model, pk, data, 1, false, stamp.Value, null);
        if (afterCommit is not null)
        {
            await afterCommit(result);
        }

        return result;
    }
}
