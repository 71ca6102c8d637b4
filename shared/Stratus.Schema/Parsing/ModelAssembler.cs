using GraphQLParser.AST;
using Stratus.Schema.Model;

namespace Stratus.Schema.Parsing;

/// <summary>Turns the resolved drafts into the immutable <see cref="ModelSchema"/>: names, timestamps, owner fields.</summary>
internal sealed class ModelAssembler(ParseContext context)
{
    public ModelSchema Assemble()
    {
        var models = context.Models.Select(Model).ToList();
        var nonModels = context.Drafts.Where(d => !d.IsModel)
            .Select(d => new NonModelDefinition(d.Name, d.Fields.Select(f => f.Definition).ToList())
            {
                Interfaces = d.Node?.Interfaces?.Items.Select(i => i.Name.StringValue).ToList() ?? [],
            })
            .ToList();
        return new ModelSchema(models, context.Enums, nonModels);
    }

    private ModelDefinition Model(TypeDraft draft)
    {
        var directive = draft.Node is null ? null : SdlValues.Find(draft.Node, "model");
        var plural = Pluralizer.Pluralize(draft.Name);
        var auth = draft.Node is null ? [] : AuthRuleReader.Read(draft.Node, context.Values);
        var fields = draft.Fields.Select(f => f.Definition).ToList();

        foreach (var ownerField in auth.Where(r => r.Allow == "owner").Select(r => r.OwnerField!).Distinct())
        {
            if (fields.All(f => f.Name != ownerField))
            {
                fields.Add(new FieldDefinition
                {
                    Name = ownerField, TypeName = "String", Kind = FieldKind.Scalar, Scalar = ScalarType.String,
                    IsImplicit = true, Position = draft.Position,
                });
            }
        }

        var (createdAt, updatedAt) = Timestamps(directive, draft);
        foreach (var name in new[] { createdAt, updatedAt }.OfType<string>())
        {
            if (fields.All(f => f.Name != name))
            {
                fields.Add(new FieldDefinition
                {
                    Name = name, TypeName = "AWSDateTime", Kind = FieldKind.Scalar, Scalar = ScalarType.AWSDateTime, IsRequired = true,
                    IsImplicit = true, IsReadOnly = true, Position = draft.Position,
                });
            }
        }

        return new ModelDefinition
        {
            Name = draft.Name,
            PluralName = plural,
            Fields = fields,
            PrimaryKey = draft.PrimaryKey!,
            Indexes = draft.Indexes,
            AuthRules = auth,
            Operations = Operations(directive, draft.Name, plural),
            CreatedAtField = createdAt,
            UpdatedAtField = updatedAt,
            IsJoinModel = draft.IsJoinModel,
            ModelArguments = directive?.Arguments?.Items.ToDictionary(a => a.Name.StringValue, a => SdlValues.ToValue(a.Value)) ?? new Dictionary<string, object?>(),
            Position = draft.Position,
        };
    }

    private (string? CreatedAt, string? UpdatedAt) Timestamps(GraphQLDirective? directive, TypeDraft draft)
    {
        if (directive is null || !SdlValues.Has(directive, "timestamps"))
        {
            return ("createdAt", "updatedAt");
        }

        return SdlValues.Argument(directive, "timestamps") switch
        {
            null => (null, null),
            Dictionary<string, object?> map => (Name(map, "createdAt", "createdAt"), Name(map, "updatedAt", "updatedAt")),
            _ => throw new SchemaException(draft.Position, "model-timestamps", $"{draft.Name}: @model(timestamps:) must be an object or null."),
        };

        static string? Name(Dictionary<string, object?> map, string key, string fallback) =>
            map.TryGetValue(key, out var value) ? value as string : fallback;
    }

    private static OperationNames Operations(GraphQLDirective? directive, string name, string plural)
    {
        var defaults = new OperationNames
        {
            Get = "get" + name, List = "list" + plural, Sync = "sync" + plural,
            Create = "create" + name, Update = "update" + name, Delete = "delete" + name,
            OnCreate = "onCreate" + name, OnUpdate = "onUpdate" + name, OnDelete = "onDelete" + name,
        };
        if (directive is null)
        {
            return defaults;
        }

        var result = defaults;
        if (SdlValues.Has(directive, "queries"))
        {
            var queries = SdlValues.Argument(directive, "queries") as Dictionary<string, object?>;
            result = result with
            {
                Get = Pick(queries, "get", defaults.Get),
                List = Pick(queries, "list", defaults.List),
                Sync = Pick(queries, "sync", defaults.Sync),
            };
        }

        if (SdlValues.Has(directive, "mutations"))
        {
            var mutations = SdlValues.Argument(directive, "mutations") as Dictionary<string, object?>;
            result = result with
            {
                Create = Pick(mutations, "create", defaults.Create),
                Update = Pick(mutations, "update", defaults.Update),
                Delete = Pick(mutations, "delete", defaults.Delete),
            };
        }

        if (SdlValues.Has(directive, "subscriptions"))
        {
            var subscriptions = SdlValues.Argument(directive, "subscriptions") as Dictionary<string, object?>;
            var off = subscriptions is null || Equals(subscriptions.GetValueOrDefault("level"), "off");
            result = result with
            {
                OnCreate = off ? null : PickFirst(subscriptions!, "onCreate", defaults.OnCreate),
                OnUpdate = off ? null : PickFirst(subscriptions!, "onUpdate", defaults.OnUpdate),
                OnDelete = off ? null : PickFirst(subscriptions!, "onDelete", defaults.OnDelete),
            };
        }

        return result;
    }

    private static string? Pick(Dictionary<string, object?>? map, string key, string? fallback) =>
        map is null ? null : map.TryGetValue(key, out var value) ? value as string : fallback;

    private static string? PickFirst(Dictionary<string, object?> map, string key, string? fallback) =>
        map.TryGetValue(key, out var value) ? (value as List<object?>)?.OfType<string>().FirstOrDefault() : fallback;
}
