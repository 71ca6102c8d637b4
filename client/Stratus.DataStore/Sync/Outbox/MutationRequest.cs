using System.Text.Json.Nodes;
using Stratus.DataStore.Models;
using Stratus.DataStore.Storage;
using Stratus.Schema.AppSync;
using Stratus.Schema.Model;

namespace Stratus.DataStore.Sync.Outbox;

/// <summary>
/// The createX/updateX/deleteX request for an outbox entry, with the variables amplify-js sends
/// (appsync-protocol.md §2): a create's input holds the record's input fields and no <c>_version</c> or
/// <c>condition</c>; an update's the key, the changed fields and <c>_version</c>; a delete's the key and
/// <c>_version</c>; updates and deletes carry their <c>condition</c> (or null).
/// </summary>
internal sealed record MutationRequest(string Operation, string Field, string Query, JsonObject Variables)
{
    public static MutationRequest For(ModelSchema schema, ModelInfo info, OutboundMutation mutation)
    {
        var model = info.Definition;
        var keys = model.PrimaryKey.AllFields.ToHashSet(StringComparer.Ordinal);
        var inputFields = ClientDocuments.InputFields(model).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var input = new JsonObject();
        foreach (var (name, value) in mutation.Data)
        {
            var wanted = mutation.Operation == MutationOperation.Delete ? keys.Contains(name) : inputFields.Contains(name);
            if (wanted)
            {
                input[name] = value?.DeepClone();
            }
        }

        if (mutation.Operation == MutationOperation.Create)
        {
            return new("create", model.Operations.Create!, ClientDocuments.Create(schema, model), new JsonObject { ["input"] = input });
        }

        input[SyncFields.Version] = mutation.Version;
        var variables = new JsonObject { ["input"] = input, ["condition"] = mutation.Condition?.DeepClone() };
        return mutation.Operation == MutationOperation.Update
            ? new("update", model.Operations.Update!, ClientDocuments.Update(schema, model), variables)
            : new("delete", model.Operations.Delete!, ClientDocuments.Delete(schema, model), variables);
    }
}
