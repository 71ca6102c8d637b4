using System.Text;
using Stratus.Schema.Model;

namespace Stratus.Schema.AppSync;

/// <summary>Which of a model's three subscriptions (onCreateX, onUpdateX, onDeleteX).</summary>
public enum SubscriptionKind
{
    OnCreate,
    OnUpdate,
    OnDelete,
}

/// <summary>
/// The GraphQL documents a DataStore client sends for a model, shaped as amplify-js builds them
/// (appsync-protocol.md §2, amplify-js-wire.md §1–2; amplify-js datastore/src/sync/utils.ts buildGraphQLOperation):
/// the operation is always named <c>operation</c>, the text is laid out as graphql-js <c>print()</c> lays it out,
/// and every item selects the model's stored fields (non-model fields with their own fields), then
/// <c>_version _lastChangedAt _deleted</c>. Unlike amplify-js, belongsTo parents are not selected as
/// <c>rel { id _deleted }</c>: the foreign-key fields already carry the link, and the server is spared a lookup
/// per item.
/// </summary>
public static class ClientDocuments
{
    private const int MaxLineLength = 80;

    /// <summary><c>syncX(limit, nextToken, lastSync, filter) { items { … } nextToken startedAt }</c>.</summary>
    public static string Sync(ModelSchema schema, ModelDefinition model) => Operation(
        "query",
        [("limit", "Int"), ("nextToken", "String"), ("lastSync", "AWSTimestamp"), ("filter", $"Model{model.Name}FilterInput")],
        Required(model.Operations.Sync, model, "sync"),
        ["items", .. Indent(Item(schema, model)), "}", "nextToken", "startedAt"],
        itemsBlock: true);

    public static string Create(ModelSchema schema, ModelDefinition model) =>
        Mutation(schema, model, Required(model.Operations.Create, model, "create"), $"Create{model.Name}Input", condition: false);

    public static string Update(ModelSchema schema, ModelDefinition model) =>
        Mutation(schema, model, Required(model.Operations.Update, model, "update"), $"Update{model.Name}Input", condition: true);

    public static string Delete(ModelSchema schema, ModelDefinition model) =>
        Mutation(schema, model, Required(model.Operations.Delete, model, "delete"), $"Delete{model.Name}Input", condition: true);

    /// <summary><c>getX(keys…)</c>: what the client reads back after discarding a conflicting change.</summary>
    public static string Get(ModelSchema schema, ModelDefinition model) => Operation(
        "query",
        [.. model.PrimaryKey.AllFields.Select(k => (k, model.GetField(k).TypeName + "!"))],
        Required(model.Operations.Get, model, "get"),
        Item(schema, model));

    /// <summary>
    /// <c>onCreateX</c>/<c>onUpdateX</c>/<c>onDeleteX</c>, with a <c>$filter</c> (a selective-sync expression) and an
    /// owner argument (<paramref name="ownerField"/>, for an owner rule) only when asked for.
    /// </summary>
    public static string Subscription(ModelSchema schema, ModelDefinition model, SubscriptionKind kind, bool withFilter = false, string? ownerField = null)
    {
        var field = kind switch
        {
            SubscriptionKind.OnCreate => model.Operations.OnCreate,
            SubscriptionKind.OnUpdate => model.Operations.OnUpdate,
            _ => model.Operations.OnDelete,
        };
        var variables = new List<(string, string)>();
        if (withFilter)
        {
            variables.Add(("filter", $"ModelSubscription{model.Name}FilterInput"));
        }

        if (ownerField is not null)
        {
            variables.Add((ownerField, "String!"));
        }

        return Operation("subscription", variables, Required(field, model, "subscribe to"), Item(schema, model));
    }

    /// <summary>The field of a mutation's or subscription's <c>data</c> that holds the item.</summary>
    public static string? FieldName(ModelDefinition model, string operation) => operation switch
    {
        "create" => model.Operations.Create,
        "update" => model.Operations.Update,
        "delete" => model.Operations.Delete,
        "get" => model.Operations.Get,
        "sync" => model.Operations.Sync,
        _ => null,
    };

    /// <summary>
    /// The model's fields a create or update input takes (the transformer's Create/Update input, less
    /// <c>_version</c>): every stored field but the server-set timestamps and implicit owner fields.
    /// </summary>
    public static IReadOnlyList<FieldDefinition> InputFields(ModelDefinition model) =>
        [.. model.StoredFields.Where(f => !(f.IsReadOnly && f.IsImplicit) && !AppSyncSdlWriter.IsImplicitOwner(model, f))];

    /// <summary>The selection of one item: stored fields, implicit owner fields, non-model fields, then the sync metadata.</summary>
    public static IReadOnlyList<string> Item(ModelSchema schema, ModelDefinition model)
    {
        var stored = model.StoredFields.ToList();
        var owners = stored.Where(f => AppSyncSdlWriter.IsImplicitOwner(model, f)).ToList();
        var lines = new List<string>();
        lines.AddRange(stored.Where(f => f.Kind != FieldKind.Embedded && !owners.Contains(f)).Select(f => f.Name));
        lines.AddRange(owners.Select(f => f.Name));
        foreach (var field in stored.Where(f => f.Kind == FieldKind.Embedded))
        {
            lines.AddRange(Embedded(schema, field));
        }

        lines.AddRange(SyncFields.Selected);
        return lines;
    }

    private static IEnumerable<string> Embedded(ModelSchema schema, FieldDefinition field)
    {
        var type = schema.NonModels.First(t => t.Name == field.TypeName);
        yield return field.Name + " {";
        foreach (var inner in type.Fields)
        {
            if (inner.Kind == FieldKind.Embedded)
            {
                foreach (var line in Indent(Embedded(schema, inner)))
                {
                    yield return line;
                }
            }
            else
            {
                yield return "  " + inner.Name;
            }
        }

        yield return "}";
    }

    private static string Mutation(ModelSchema schema, ModelDefinition model, string field, string inputType, bool condition)
    {
        var variables = new List<(string, string)> { ("input", inputType + "!") };
        if (condition)
        {
            variables.Add(("condition", $"Model{model.Name}ConditionInput"));
        }

        return Operation("mutation", variables, field, Item(schema, model));
    }

    private static string Required(string? field, ModelDefinition model, string what) =>
        field ?? throw new InvalidOperationException($"The schema switches off the operations needed to {what} {model.Name} (@model settings); a DataStore cannot sync it.");

    /// <summary>
    /// One operation as graphql-js prints it: two-space indent, a field's arguments on one line unless that line
    /// would pass 80 characters, then one per line.
    /// </summary>
    private static string Operation(string kind, IReadOnlyList<(string Name, string Type)> variables, string field, IReadOnlyList<string> selection, bool itemsBlock = false)
    {
        var text = new StringBuilder(kind).Append(" operation");
        if (variables.Count > 0)
        {
            text.Append('(').Append(string.Join(", ", variables.Select(v => $"${v.Name}: {v.Type}"))).Append(')');
        }

        text.Append(" {\n");
        var arguments = variables.Select(v => $"{v.Name}: ${v.Name}").ToList();
        var inline = arguments.Count == 0 ? field : $"{field}({string.Join(", ", arguments)})";
        if (inline.Length > MaxLineLength)
        {
            text.Append("  ").Append(field).Append("(\n");
            foreach (var argument in arguments)
            {
                text.Append("    ").Append(argument).Append('\n');
            }

            text.Append("  ) {\n");
        }
        else
        {
            text.Append("  ").Append(inline).Append(" {\n");
        }

        // A sync's connection wraps its items in "items { … }"; the caller's lines already hold that block.
        foreach (var line in selection)
        {
            text.Append("    ").Append(line == "items" && itemsBlock ? "items {" : line).Append('\n');
        }

        return text.Append("  }\n}\n").ToString();
    }

    private static IEnumerable<string> Indent(IEnumerable<string> lines) => lines.Select(l => "  " + l);
}
