using Stratus.Schema.Model;

namespace Stratus.Schema.AppSync;

public static partial class AppSyncSdlWriter
{
    private static void WriteCommonInputs(SdlText sdl, ModelSchema schema)
    {
        // The conversation (AI) transformer declares this input in every schema it transforms.
        sdl.Block("input AmplifyAIConversationTurnErrorInput", ["errorType: String!", "message: String!"]);
        string[] ordered = ["ne", "eq", "le", "lt", "ge", "gt"];
        foreach (var (name, type, text) in new[] { ("String", "String", true), ("Int", "Int", false), ("Float", "Float", false), ("ID", "ID", true) })
        {
            var lines = ordered.Select(op => $"{op}: {type}").ToList();
            if (text)
            {
                lines.Add($"contains: {type}");
                lines.Add($"notContains: {type}");
            }

            lines.Add($"between: [{type}]");
            if (text)
            {
                lines.Add($"beginsWith: {type}");
            }

            lines.Add("attributeExists: Boolean");
            lines.Add("attributeType: ModelAttributeTypes");
            if (text)
            {
                lines.Add("size: ModelSizeInput");
            }

            sdl.Block($"input Model{name}Input", lines);
        }

        sdl.Block("input ModelBooleanInput", ["ne: Boolean", "eq: Boolean", "attributeExists: Boolean", "attributeType: ModelAttributeTypes"]);
        foreach (var (name, text) in new[] { ("String", true), ("Int", false), ("Float", false), ("ID", true) })
        {
            var lines = ordered.Select(op => $"{op}: {name}").ToList();
            if (text)
            {
                lines.Add($"contains: {name}");
                lines.Add($"notContains: {name}");
            }

            lines.Add($"between: [{name}]");
            if (text)
            {
                lines.Add($"beginsWith: {name}");
            }

            lines.Add($"in: [{name}]");
            lines.Add($"notIn: [{name}]");
            sdl.Block($"input ModelSubscription{name}Input", lines);
        }

        sdl.Block("input ModelSubscriptionBooleanInput", ["ne: Boolean", "eq: Boolean"]);
        sdl.Block("enum ModelAttributeTypes", ["binary", "binarySet", "bool", "list", "map", "number", "numberSet", "string", "stringSet", "_null"]);
        sdl.Block("input ModelSizeInput", ordered.Select(op => $"{op}: Int").Append("between: [Int]"));
        sdl.Block("enum ModelSortDirection", ["ASC", "DESC"]);

        // Enum filter inputs exist only for the enums model fields use, as single values or as lists.
        var enumFields = schema.Models.SelectMany(m => m.Fields).Where(f => f.Kind == FieldKind.Enum).ToList();
        foreach (var enumType in schema.Enums)
        {
            if (enumFields.Any(f => f.TypeName == enumType.Name && !f.IsList))
            {
                sdl.Block($"input Model{enumType.Name}Input", [$"eq: {enumType.Name}", $"ne: {enumType.Name}"]);
            }

            if (enumFields.Any(f => f.TypeName == enumType.Name && f.IsList))
            {
                sdl.Block($"input Model{enumType.Name}ListInput",
                    [$"eq: [{enumType.Name}]", $"ne: [{enumType.Name}]", $"contains: {enumType.Name}", $"notContains: {enumType.Name}"]);
            }
        }

        // Only the non-model types items hold (directly or nested) get an input type.
        foreach (var nonModel in schema.NonModels.Where(n => Embedded(schema).Contains(n.Name)))
        {
            sdl.Block($"input {nonModel.Name}Input", nonModel.Fields.Select(f => $"{f.Name}: {InputType(f)}{(f.IsRequired ? "!" : "")}"));
        }

        // Key condition inputs exist only when a list, index or hasMany field takes one.
        var used = schema.Models.SelectMany(SortKeys).Select(s => s.InputType)
            .Concat(schema.Models.SelectMany(m => m.Fields).Select(f => HasManySortKey(schema, f)?.InputType))
            .ToHashSet();
        var keyInputs = new[] { ("String", true), ("ID", true), ("Int", false), ("Float", false) };
        foreach (var (name, text) in keyInputs.Where(k => used.Contains($"Model{k.Item1}KeyConditionInput")))
        {
            var lines = new List<string> { $"eq: {name}", $"le: {name}", $"lt: {name}", $"ge: {name}", $"gt: {name}", $"between: [{name}]" };
            if (text)
            {
                lines.Add($"beginsWith: {name}");
            }

            sdl.Block($"input Model{name}KeyConditionInput", lines);
        }
    }

    private static void WriteModelInputs(SdlText sdl, ModelSchema schema, ModelDefinition model, ApiAuthModes? modes)
    {
        var ops = model.Operations;
        if (new[] { ops.Get, ops.List, ops.Sync, ops.Create, ops.Update, ops.Delete, ops.OnCreate, ops.OnUpdate, ops.OnDelete }.All(o => o is null))
        {
            return;
        }

        // Transformer order: declared fields, then timestamps, then the sync and logic fields, then the implicit
        // foreign keys the relational transformer appends last.
        var keyFields = model.PrimaryKey.AllFields.ToHashSet();
        var trailing = model.Fields.Where(f => IsTrailingImplicit(model, f) && FilterInputNames.IsFilterable(f)).ToList();
        var timestamps = model.Fields.Where(f => f.IsReadOnly && f.IsImplicit).ToList();
        var declared = model.Fields.Where(f => FilterInputNames.IsFilterable(f) && !trailing.Contains(f) && !timestamps.Contains(f)).ToList();

        // The transformer always lists id in filters, even for a model keyed on other fields.
        var filterFields = declared.Select(f => $"{f.Name}: {FilterInputNames.For(f)}").ToList();
        // The auth transformer moves owner fields to the end of the subscription filter, typed with the plain input.
        var ownerFields = model.AuthRules.Where(r => r.Allow == "owner").Select(r => r.OwnerField!).ToHashSet(StringComparer.Ordinal);
        // Dynamic group fields are left out of it altogether.
        var groupFields = model.AuthRules.Where(r => r.Allow == "groups" && r.GroupsField is not null).Select(r => r.GroupsField!).ToHashSet(StringComparer.Ordinal);
        var subscriptionFields = declared.Where(f => !ownerFields.Contains(f.Name) && !groupFields.Contains(f.Name)).Select(f => $"{f.Name}: {FilterInputNames.ForSubscription(f)}").ToList();
        if (model.FindField("id") is null)
        {
            filterFields.Add("id: ModelIDInput");
            subscriptionFields.Add("id: ModelSubscriptionIDInput");
        }

        sdl.Block($"type Model{model.Name}Connection{modes?.Directives(model.AuthRules)}", [$"items: [{model.Name}]!", "nextToken: String", "startedAt: AWSTimestamp"]);

        sdl.Block($"input Model{model.Name}FilterInput", filterFields
            .Concat(timestamps.Select(f => $"{f.Name}: {FilterInputNames.For(f)}"))
            .Concat([$"and: [Model{model.Name}FilterInput]", $"or: [Model{model.Name}FilterInput]", $"not: Model{model.Name}FilterInput", "_deleted: ModelBooleanInput"])
            .Concat(trailing.Select(f => $"{f.Name}: {FilterInputNames.For(f)}")));

        sdl.Block($"input Model{model.Name}ConditionInput", declared
            .Where(f => !keyFields.Contains(f.Name))
            .Select(f => $"{f.Name}: {FilterInputNames.For(f)}")
            .Concat([$"and: [Model{model.Name}ConditionInput]", $"or: [Model{model.Name}ConditionInput]", $"not: Model{model.Name}ConditionInput", "_deleted: ModelBooleanInput"])
            .Concat(timestamps.Select(f => $"{f.Name}: {FilterInputNames.For(f)}"))
            .Concat(trailing.Select(f => $"{f.Name}: {FilterInputNames.For(f)}")));

        var writable = model.StoredFields.Where(f => !(f.IsReadOnly && f.IsImplicit) && !IsImplicitOwner(model, f)).ToList();
        var leading = writable.Where(f => !IsTrailingImplicit(model, f)).ToList();
        var last = writable.Where(f => IsTrailingImplicit(model, f)).ToList();
        sdl.Block($"input Create{model.Name}Input", leading
            .Select(f => $"{f.Name}: {CreateInputType(model, f)}")
            .Append("_version: Int")
            .Concat(last.Select(f => $"{f.Name}: {CreateInputType(model, f)}")));
        if (ops.Update is not null)
        {
            sdl.Block($"input Update{model.Name}Input", leading
                .Select(f => $"{f.Name}: {(keyFields.Contains(f.Name) ? InputType(f) + "!" : InputType(f))}")
                .Append("_version: Int")
                .Concat(last.Select(f => $"{f.Name}: {InputType(f)}")));
        }

        if (ops.Delete is not null)
        {
            sdl.Block($"input Delete{model.Name}Input", model.PrimaryKey.AllFields
                .Select(k => $"{k}: {model.GetField(k).TypeName}!")
                .Append("_version: Int"));
        }

        // A quirk kept for fidelity: the relational transformer adds a hasMany's implicit foreign key to the
        // parent's subscription filter, not the child's (amplify-graphql-relational-transformer schema.ts).
        var parentForeignKeys = HasManyForeignKeys(schema).Where(k => k.Parent == model.Name).Select(k => k.Field);
        if (new[] { ops.OnCreate, ops.OnUpdate, ops.OnDelete }.Any(o => o is not null))
        {
            sdl.Block($"input ModelSubscription{model.Name}FilterInput", subscriptionFields
                .Concat(timestamps.Select(f => $"{f.Name}: {FilterInputNames.ForSubscription(f)}"))
                .Concat([$"and: [ModelSubscription{model.Name}FilterInput]", $"or: [ModelSubscription{model.Name}FilterInput]", "_deleted: ModelBooleanInput"])
                .Concat(trailing.Where(f => !HasManyForeignKeys(schema).Any(k => k.Child == model.Name && k.Field.Name == f.Name) && !ownerFields.Contains(f.Name))
                    .Concat(parentForeignKeys)
                    .OrderBy(f => CausingField(model, f))
                    .Select(f => $"{f.Name}: {FilterInputNames.ForSubscription(f)}"))
                .Concat(model.Fields.Where(f => ownerFields.Contains(f.Name)).Select(f => $"{f.Name}: {FilterInputNames.For(f)}")));
        }

        foreach (var sortKey in SortKeys(model).Where(s => s.CompositeKeyInputType is not null))
        {
            var fields = sortKey.Fields.Select(model.GetField).ToList();
            sdl.Block($"input {sortKey.InputType}",
                new[] { "eq", "le", "lt", "ge", "gt" }.Select(op => $"{op}: {sortKey.CompositeKeyInputType}")
                    .Append($"between: [{sortKey.CompositeKeyInputType}]")
                    .Append($"beginsWith: {sortKey.CompositeKeyInputType}"));
            sdl.Block($"input {sortKey.CompositeKeyInputType}", fields.Select(f => $"{f.Name}: {f.TypeName}"));
        }
    }

    /// <summary>
    /// Where the relationship that brought an implicit foreign key sits among the model's fields: the relational
    /// transformer appends them to the subscription filter in that order.
    /// </summary>
    private static int CausingField(ModelDefinition model, FieldDefinition foreignKey)
    {
        for (var i = 0; i < model.Fields.Count; i++)
        {
            if (model.Fields[i].Relationship is { } r && (r.LocalFields.Contains(foreignKey.Name) || (r.Kind == RelationshipKind.HasMany && r.RelatedFields.Contains(foreignKey.Name))))
            {
                return i;
            }
        }

        return model.Fields.Count;
    }

    /// <summary>The non-model types reachable from model fields.</summary>
    private static HashSet<string> Embedded(ModelSchema schema)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<FieldDefinition>(schema.Models.SelectMany(m => m.Fields));
        while (pending.Count > 0)
        {
            var field = pending.Dequeue();
            if (field.Kind == FieldKind.Embedded && found.Add(field.TypeName) && schema.NonModels.FirstOrDefault(n => n.Name == field.TypeName) is { } nested)
            {
                foreach (var inner in nested.Fields)
                {
                    pending.Enqueue(inner);
                }
            }
        }

        return found;
    }

    /// <summary>The implicit foreign keys that a plain <c>@hasMany</c> adds to its child model.</summary>
    private static IEnumerable<(string Parent, string Child, FieldDefinition Field)> HasManyForeignKeys(ModelSchema schema) =>
        from parent in schema.Models
        from field in parent.Fields
        where field.Relationship is { Kind: RelationshipKind.HasMany, IndexName: null }
        let child = schema.GetModel(field.Relationship!.RelatedModel)
        from name in field.Relationship!.RelatedFields
        let fk = child.FindField(name)
        where fk is { IsImplicit: true }
        select (parent.Name, child.Name, fk);

    /// <summary>The sort-key arguments of the list field and of every index query field.</summary>
    internal static IEnumerable<SortKeyArgument> SortKeys(ModelDefinition model)
    {
        var primary = SortKeyArgument.For(model, model.PrimaryKey.SortKeyFields, null);
        if (primary is not null && model.Operations.List is not null)
        {
            yield return primary;
        }

        foreach (var index in model.Indexes.Where(i => i.QueryField is not null))
        {
            var argument = SortKeyArgument.For(model, index.SortKeyFields, index.Name);
            if (argument is not null)
            {
                yield return argument;
            }
        }
    }

    private static string CreateInputType(ModelDefinition model, FieldDefinition field)
    {
        var type = InputType(field);
        // id is generated when absent; a declared timestamp is filled by the server when absent.
        var optional = (field.Name == "id" && model.PrimaryKey.PartitionField == "id")
            || field.Name == model.CreatedAtField || field.Name == model.UpdatedAtField;
        return field.IsRequired && !optional ? type + "!" : type;
    }

    /// <summary>The input form of a field's type, without the outer non-null marker.</summary>
    private static string InputType(FieldDefinition field)
    {
        var name = field.Kind == FieldKind.Embedded ? field.TypeName + "Input" : field.TypeName;
        return field.IsList ? $"[{name}{(field.IsListElementRequired ? "!" : "")}]" : name;
    }
}
