using Stratus.Schema.Model;

namespace Stratus.Schema.AppSync;

public static partial class AppSyncSdlWriter
{
    private static void WriteOperations(SdlText sdl, ModelSchema schema)
    {
        var queries = new List<string>();
        var mutations = new List<string>();
        var subscriptions = new List<string>();
        foreach (var model in schema.Models)
        {
            var ops = model.Operations;
            var connection = $"Model{model.Name}Connection";
            var filter = $"filter: Model{model.Name}FilterInput";
            if (ops.Get is not null)
            {
                var keys = string.Join(", ", model.PrimaryKey.AllFields.Select(k => $"{k}: {model.GetField(k).TypeName}!"));
                queries.Add($"{ops.Get}({keys}): {model.Name}");
            }

            if (ops.List is not null)
            {
                if (model.PrimaryKey.IsCustom)
                {
                    var partition = model.GetField(model.PrimaryKey.PartitionField);
                    var sortKey = SortKeyArgument.For(model, model.PrimaryKey.SortKeyFields, null);
                    var sortArg = sortKey is null ? "" : $"{sortKey.ArgumentName}: {sortKey.InputType}, ";
                    queries.Add($"{ops.List}({partition.Name}: {partition.TypeName}, {sortArg}{filter}, limit: Int, nextToken: String, sortDirection: ModelSortDirection): {connection}");
                }
                else
                {
                    queries.Add($"{ops.List}({filter}, limit: Int, nextToken: String): {connection}");
                }
            }

            if (ops.Sync is not null)
            {
                queries.Add($"{ops.Sync}({filter}, limit: Int, nextToken: String, lastSync: AWSTimestamp): {connection}");
            }

        }

        // Index query fields follow every model's get/list/sync, as in the transformer's output.
        foreach (var model in schema.Models)
        {
            foreach (var index in model.Indexes.Where(i => i.QueryField is not null))
            {
                var partition = model.GetField(index.PartitionField);
                var args = new List<string> { $"{partition.Name}: {partition.TypeName}!" };  // non-null even when the field is nullable
                var sortKey = SortKeyArgument.For(model, index.SortKeyFields, index.Name);
                if (sortKey is not null)
                {
                    args.Add($"{sortKey.ArgumentName}: {sortKey.InputType}");
                }

                args.AddRange(["sortDirection: ModelSortDirection", $"filter: Model{model.Name}FilterInput", "limit: Int", "nextToken: String"]);
                queries.Add($"{index.QueryField}({string.Join(", ", args)}): Model{model.Name}Connection");
            }
        }

        foreach (var model in schema.Models)
        {
            var ops = model.Operations;
            var condition = $"condition: Model{model.Name}ConditionInput";
            AddIf(mutations, ops.Create, $"(input: Create{model.Name}Input!, {condition}): {model.Name}");
            AddIf(mutations, ops.Update, $"(input: Update{model.Name}Input!, {condition}): {model.Name}");
            AddIf(mutations, ops.Delete, $"(input: Delete{model.Name}Input!, {condition}): {model.Name}");

            var owners = model.AuthRules.Where(r => r.Allow == "owner").Select(r => $", {r.OwnerField}: String").Distinct();
            var subscriptionArgs = $"(filter: ModelSubscription{model.Name}FilterInput{string.Concat(owners)})";
            AddIf(subscriptions, ops.OnCreate, $"{subscriptionArgs}: {model.Name} @aws_subscribe(mutations: [\"{ops.Create}\"])");
            AddIf(subscriptions, ops.OnUpdate, $"{subscriptionArgs}: {model.Name} @aws_subscribe(mutations: [\"{ops.Update}\"])");
            AddIf(subscriptions, ops.OnDelete, $"{subscriptionArgs}: {model.Name} @aws_subscribe(mutations: [\"{ops.Delete}\"])");
        }

        sdl.Block("type Query", queries);
        if (mutations.Count > 0)
        {
            sdl.Block("type Mutation", mutations);
        }

        if (subscriptions.Count > 0)
        {
            sdl.Block("type Subscription", subscriptions);
        }
    }

    private static void AddIf(List<string> lines, string? name, string rest)
    {
        if (name is not null)
        {
            lines.Add(name + rest);
        }
    }
}
