using Stratus.Schema.Model;

namespace Stratus.Schema.AppSync;

public static partial class AppSyncSdlWriter
{
    private static void WriteOperations(SdlText sdl, ModelSchema schema, ApiAuthModes? modes)
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
                queries.Add($"{ops.Get}({keys}): {model.Name}{modes?.Directives(model, "get")}");
            }

            if (ops.List is not null)
            {
                if (model.PrimaryKey.IsCustom)
                {
                    var partition = model.GetField(model.PrimaryKey.PartitionField);
                    var sortKey = SortKeyArgument.For(model, model.PrimaryKey.SortKeyFields, null);
                    var sortArg = sortKey is null ? "" : $"{sortKey.ArgumentName}: {sortKey.InputType}, ";
                    queries.Add($"{ops.List}({partition.Name}: {partition.TypeName}, {sortArg}{filter}, limit: Int, nextToken: String, sortDirection: ModelSortDirection): {connection}{modes?.Directives(model, "list")}");
                }
                else
                {
                    queries.Add($"{ops.List}({filter}, limit: Int, nextToken: String): {connection}{modes?.Directives(model, "list")}");
                }
            }

            if (ops.Sync is not null)
            {
                queries.Add($"{ops.Sync}({filter}, limit: Int, nextToken: String, lastSync: AWSTimestamp): {connection}{modes?.Directives(model, "sync")}");
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
                queries.Add($"{index.QueryField}({string.Join(", ", args)}): Model{model.Name}Connection{modes?.Directives(model, "list")}");
            }
        }

        foreach (var model in schema.Models)
        {
            var ops = model.Operations;
            var condition = $"condition: Model{model.Name}ConditionInput";
            AddIf(mutations, ops.Create, $"(input: Create{model.Name}Input!, {condition}): {model.Name}{modes?.Directives(model, "create")}");
            AddIf(mutations, ops.Update, $"(input: Update{model.Name}Input!, {condition}): {model.Name}{modes?.Directives(model, "update")}");
            AddIf(mutations, ops.Delete, $"(input: Delete{model.Name}Input!, {condition}): {model.Name}{modes?.Directives(model, "delete")}");

            // Owner rules on single-valued owner fields add an argument; owner lists do not (transformer output).
            var owners = model.AuthRules.Where(r => r.Allow == "owner" && model.FindField(r.OwnerField!)?.IsList != true)
                .Select(r => $", {r.OwnerField}: String").Distinct();
            var subscriptionArgs = $"(filter: ModelSubscription{model.Name}FilterInput{string.Concat(owners)})";
            var listen = modes?.Directives(model, "listen");
            AddIf(subscriptions, ops.OnCreate, $"{subscriptionArgs}: {model.Name} @aws_subscribe(mutations: [\"{ops.Create}\"]){listen}");
            AddIf(subscriptions, ops.OnUpdate, $"{subscriptionArgs}: {model.Name} @aws_subscribe(mutations: [\"{ops.Update}\"]){listen}");
            AddIf(subscriptions, ops.OnDelete, $"{subscriptionArgs}: {model.Name} @aws_subscribe(mutations: [\"{ops.Delete}\"]){listen}");
        }

        // The schema's own operations stay beside the generated ones, before them.
        queries.InsertRange(0, schema.CustomFields.Where(f => f.RootType == "Query").Select(f => f.Sdl));
        mutations.InsertRange(0, schema.CustomFields.Where(f => f.RootType == "Mutation").Select(f => f.Sdl));
        subscriptions.InsertRange(0, schema.CustomFields.Where(f => f.RootType == "Subscription").Select(f => f.Sdl));
        sdl.Block("type Query", ByReach(queries));
        if (mutations.Count > 0)
        {
            sdl.Block("type Mutation", ByReach(mutations));
        }

        if (subscriptions.Count > 0)
        {
            sdl.Block("type Subscription", ByReach(subscriptions));
        }
    }

    private static readonly string[] ModeDirectives = ["@aws_api_key", "@aws_iam", "@aws_oidc", "@aws_lambda", "@aws_cognito_user_pools"];

    /// <summary>The transformer lists root fields reached only by the default mode first, then the others (stable).</summary>
    private static IEnumerable<string> ByReach(List<string> fields) =>
        fields.OrderBy(f => ModeDirectives.Any(d => f.Contains(d, StringComparison.Ordinal)) ? 1 : 0);

    private static void AddIf(List<string> lines, string? name, string rest)
    {
        if (name is not null)
        {
            lines.Add(name + rest);
        }
    }
}
