using Stratus.Schema.Model;

namespace Stratus.Schema.AppSync;

public static partial class AppSyncSdlWriter
{
    private static void WriteCommonInputs(SdlText sdl, ModelSchema schema)
    {
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

        foreach (var enumType in schema.Enums)
        {
            sdl.Block($"input Model{enumType.Name}Input", [$"eq: {enumType.Name}", $"ne: {enumType.Name}"]);
            sdl.Block($"input Model{enumType.Name}ListInput",
                [$"eq: [{enumType.Name}]", $"ne: [{enumType.Name}]", $"contains: {enumType.Name}", $"notContains: {enumType.Name}"]);
        }

        foreach (var nonModel in schema.NonModels)
        {
            sdl.Block($"input {nonModel.Name}Input", nonModel.Fields.Select(f => $"{f.Name}: {InputType(f)}"));
        }

        var keyInputs = new[] { ("String", true), ("ID", true), ("Int", false), ("Float", false) };
        foreach (var (name, text) in keyInputs)
        {
            var lines = new List<string> { $"eq: {name}", $"le: {name}", $"lt: {name}", $"ge: {name}", $"gt: {name}", $"between: [{name}]" };
            if (text)
            {
                lines.Add($"beginsWith: {name}");
            }

            sdl.Block($"input Model{name}KeyConditionInput", lines);
        }
    }

    private static void WriteModelInputs(SdlText sdl, ModelSchema schema, ModelDefinition model)
    {
        var ops = model.Operations;
        if (new[] { ops.Get, ops.List, ops.Sync, ops.Create, ops.Update, ops.Delete, ops.OnCreate, ops.OnUpdate, ops.OnDelete }.All(o => o is null))
        {
            return;
        }

        var filterable = model.Fields.Where(FilterInputNames.IsFilterable).ToList();
        var implicitTimestamps = filterable.Where(f => f.IsReadOnly && f.IsImplicit).ToList();
        var keyFields = model.PrimaryKey.AllFields.ToHashSet();

        // The transformer always lists id in filters, even for a model keyed on other fields.
        var filterLines = filterable.Select(f => $"{f.Name}: {FilterInputNames.For(f)}").ToList();
        var subscriptionLines = filterable.Select(f => $"{f.Name}: {FilterInputNames.ForSubscription(f)}").ToList();
        if (model.FindField("id") is null)
        {
            filterLines.Insert(0, "id: ModelIDInput");
            subscriptionLines.Insert(0, "id: ModelSubscriptionIDInput");
        }

        sdl.Block($"type Model{model.Name}Connection", [$"items: [{model.Name}]!", "nextToken: String", "startedAt: AWSTimestamp"]);

        sdl.Block($"input Model{model.Name}FilterInput", filterLines
            .Concat([$"and: [Model{model.Name}FilterInput]", $"or: [Model{model.Name}FilterInput]", $"not: Model{model.Name}FilterInput", "_deleted: ModelBooleanInput"]));

        sdl.Block($"input Model{model.Name}ConditionInput", filterable
            .Where(f => !keyFields.Contains(f.Name) && !implicitTimestamps.Contains(f))
            .Select(f => $"{f.Name}: {FilterInputNames.For(f)}")
            .Concat([$"and: [Model{model.Name}ConditionInput]", $"or: [Model{model.Name}ConditionInput]", $"not: Model{model.Name}ConditionInput", "_deleted: ModelBooleanInput"])
            .Concat(implicitTimestamps.Select(f => $"{f.Name}: {FilterInputNames.For(f)}")));

        var writable = model.StoredFields.Where(f => !(f.IsReadOnly && f.IsImplicit)).ToList();
        sdl.Block($"input Create{model.Name}Input", writable
            .Select(f => $"{f.Name}: {CreateInputType(model, f)}")
            .Append("_version: Int"));
        sdl.Block($"input Update{model.Name}Input", writable
            .Select(f => $"{f.Name}: {(keyFields.Contains(f.Name) ? InputType(f) + "!" : InputType(f))}")
            .Append("_version: Int"));
        sdl.Block($"input Delete{model.Name}Input", model.PrimaryKey.AllFields
            .Select(k => $"{k}: {model.GetField(k).TypeName}!")
            .Append("_version: Int"));

        sdl.Block($"input ModelSubscription{model.Name}FilterInput", subscriptionLines
            .Concat([$"and: [ModelSubscription{model.Name}FilterInput]", $"or: [ModelSubscription{model.Name}FilterInput]", "_deleted: ModelBooleanInput"]));

        foreach (var sortKey in SortKeys(model).Where(s => s.CompositeKeyInputType is not null))
        {
            var fields = sortKey.Fields.Select(model.GetField).ToList();
            sdl.Block($"input {sortKey.InputType}",
                new[] { "eq", "le", "lt", "ge", "gt" }.Select(op => $"{op}: {sortKey.CompositeKeyInputType}")
                    .Append($"between: [{sortKey.CompositeKeyInputType}]")
                    .Append($"beginsWith: {sortKey.CompositeKeyInputType}"));
            sdl.Block($"input {sortKey.CompositeKeyInputType}", fields.Select(f => $"{f.Name}: {KeyScalar(f)}"));
        }
    }

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

    private static string KeyScalar(FieldDefinition field) =>
        field.Kind == FieldKind.Enum ? field.TypeName : FilterInputNames.ScalarFamily(field.Scalar!.Value);

    private static string CreateInputType(ModelDefinition model, FieldDefinition field)
    {
        var type = InputType(field);
        // id is generated when absent; a declared timestamp is filled by the server when absent.
        var optional = (field.Name == "id" && !model.PrimaryKey.IsCustom)
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
