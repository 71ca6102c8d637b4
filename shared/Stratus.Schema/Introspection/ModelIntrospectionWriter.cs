using System.Text.Json;
using System.Text.Json.Nodes;
using Stratus.Schema.Model;

namespace Stratus.Schema.Introspection;

/// <summary>
/// The model-introspection JSON that <c>amplify codegen models</c> emits (version 1; amplify-codegen
/// <c>appsync-modelgen-plugin</c> ModelIntrospectionSchema.json), which amplify-js <c>initSchema</c> takes.
/// </summary>
public static class ModelIntrospectionWriter
{
    public static string Write(ModelSchema schema)
    {
        var models = new JsonObject();
        foreach (var model in schema.Models)
        {
            models[model.Name] = Model(schema, model);
        }

        var enums = new JsonObject();
        foreach (var e in schema.Enums)
        {
            enums[e.Name] = new JsonObject { ["name"] = e.Name, ["values"] = new JsonArray(e.Values.Select(v => (JsonNode)v).ToArray()) };
        }

        var nonModels = new JsonObject();
        foreach (var n in schema.NonModels)
        {
            nonModels[n.Name] = new JsonObject { ["name"] = n.Name, ["fields"] = Fields(schema, null, n.Fields) };
        }

        var root = new JsonObject { ["version"] = 1, ["models"] = models, ["enums"] = enums, ["nonModels"] = nonModels };
        foreach (var (rootType, key) in new[] { ("Query", "queries"), ("Mutation", "mutations"), ("Subscription", "subscriptions") })
        {
            var operations = new JsonObject();
            foreach (var field in schema.CustomFields.Where(f => f.RootType == rootType && f.ReturnType is { } type && TypeOf(schema, type) is not null))
            {
                var json = Reference(schema, field.Name, field.ReturnType!);
                if (field.Arguments.Count > 0)
                {
                    json["arguments"] = new JsonObject(field.Arguments.Select(a => new KeyValuePair<string, JsonNode?>(a.Name, Reference(schema, a.Name, a.Type))));
                }

                operations[field.Name] = json;
            }

            if (operations.Count > 0)
            {
                root[key] = operations;
            }
        }

        // The inputs custom operations take, as the schema declares them (not those generated for @http).
        var inputs = new JsonObject();
        foreach (var input in schema.InputTypes.Where(i => !i.IsGenerated))
        {
            inputs[input.Name] = new JsonObject
            {
                ["name"] = input.Name,
                ["attributes"] = new JsonObject(input.Typed.Select(f => new KeyValuePair<string, JsonNode?>(f.Name, Reference(schema, f.Name, f.Type)))),
            };
        }

        if (inputs.Count > 0)
        {
            root["inputs"] = inputs;
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Model(ModelSchema schema, ModelDefinition model)
    {
        // The @model arguments as written (queries, mutations, subscriptions, timestamps), as modelgen copies them.
        var modelProperties = model.ModelArguments.Count == 0 ? new JsonObject() : (JsonObject)ToJson(model.ModelArguments)!;
        var attributes = new JsonArray { new JsonObject { ["type"] = "model", ["properties"] = modelProperties } };
        if (model.PrimaryKey.IsCustom)
        {
            attributes.Add(new JsonObject { ["type"] = "key", ["properties"] = new JsonObject { ["fields"] = Strings(model.PrimaryKey.AllFields) } });
        }

        // The index an implicit @hasMany adds is listed only when no @belongsTo on this side reads it.
        foreach (var index in model.Indexes.Where(i => !i.Name.StartsWith("gsi-", StringComparison.Ordinal)
            || !model.Fields.Any(f => f.Relationship is { Kind: RelationshipKind.BelongsTo } r && r.LocalFields.SequenceEqual(i.SortKeyFields.Prepend(i.PartitionField)))))
        {
            var properties = new JsonObject { ["name"] = index.Name };
            if (index is { QueryFieldDeclared: true, QueryField: not null })
            {
                properties["queryField"] = index.QueryField;
            }

            properties["fields"] = Strings(index.SortKeyFields.Prepend(index.PartitionField));
            attributes.Add(new JsonObject { ["type"] = "key", ["properties"] = properties });
        }

        if (model.AuthRules.Count > 0)
        {
            attributes.Add(new JsonObject { ["type"] = "auth", ["properties"] = new JsonObject { ["rules"] = AuthRules(model.AuthRules) } });
        }

        // The owner field is implied by the auth rule; codegen does not list it as a field.
        var fields = model.Fields.Where(f => !(f.IsImplicit && model.AuthRules.Any(r => r.OwnerField == f.Name))).ToList();

        // modelgen lists a timestamp switched off by name (timestamps: { updatedAt: null }) under its default name.
        if (model.ModelArguments.TryGetValue("timestamps", out var timestamps) && timestamps is Dictionary<string, object?> names)
        {
            foreach (var name in new[] { "createdAt", "updatedAt" }.Where(n => names.TryGetValue(n, out var v) && v is null && model.FindField(n) is null))
            {
                fields.Add(new FieldDefinition { Name = name, TypeName = "AWSDateTime", Kind = FieldKind.Scalar, Scalar = ScalarType.AWSDateTime, IsReadOnly = true, IsImplicit = true });
            }
        }

        return new JsonObject
        {
            ["name"] = model.Name,
            ["fields"] = Fields(schema, model, fields),
            ["syncable"] = true,
            ["pluralName"] = model.PluralName,
            ["attributes"] = attributes,
            ["primaryKeyInfo"] = new JsonObject
            {
                // A @primaryKey on id alone is the default key, written out.
                ["isCustomPrimaryKey"] = model.PrimaryKey.IsCustom && (model.PrimaryKey.PartitionField != "id" || model.PrimaryKey.IsComposite),
                ["primaryKeyFieldName"] = model.PrimaryKey.PartitionField,
                ["sortKeyFieldNames"] = Strings(model.PrimaryKey.SortKeyFields),
            },
        };
    }

    private static JsonObject Fields(ModelSchema schema, ModelDefinition? model, IEnumerable<FieldDefinition> fields)
    {
        var result = new JsonObject();
        foreach (var field in fields)
        {
            var json = new JsonObject
            {
                ["name"] = field.Name,
                ["isArray"] = field.IsList,
                ["type"] = model is { IsJoinModel: true } && model.Indexes.Any(i => i.PartitionField == field.Name) ? "ID" : TypeOf(field),
                // For a list, whether its items are required; isArrayNullable tells about the list.
                ["isRequired"] = (field.IsList ? field.IsListElementRequired : field.IsRequired) && !field.IsReadOnly
                    && !(model?.IsJoinModel == true && field.Kind is FieldKind.Scalar or FieldKind.Enum && field.Name != "id"),
                ["attributes"] = new JsonArray(),
            };
            if (field.IsList)
            {
                json["isArrayNullable"] = !field.IsRequired;
            }

            if (field.IsReadOnly)
            {
                json["isReadOnly"] = true;
            }

            if (field.Relationship is { } relationship && model is not null)
            {
                json["association"] = Association(schema, model, field, relationship);
            }

            result[field.Name] = json;
        }

        return result;
    }

    private static JsonObject Association(ModelSchema schema, ModelDefinition model, FieldDefinition field, RelationshipDefinition relationship)
    {
        switch (relationship.Kind)
        {
            case RelationshipKind.HasMany:
                // With an explicit index the association names the child's belongsTo field, else the foreign keys.
                var related = schema.GetModel(relationship.RelatedModel);
                var back = related.Fields.FirstOrDefault(f => f.Relationship is { Kind: RelationshipKind.BelongsTo } r && r.RelatedModel == model.Name
                    && r.LocalFields.SequenceEqual(relationship.RelatedFields));
                var associated = relationship.IndexName is not null && back is not null ? [back.Name] : relationship.RelatedFields;
                return new JsonObject { ["connectionType"] = "HAS_MANY", ["associatedWith"] = Strings(associated) };
            case RelationshipKind.HasOne:
                // By references: the related model holds the key, and this side names no target fields.
                var heldHere = relationship.RelatedFields.SequenceEqual(schema.GetModel(relationship.RelatedModel).PrimaryKey.AllFields);
                return new JsonObject
                {
                    ["connectionType"] = "HAS_ONE",
                    ["associatedWith"] = Strings(relationship.RelatedFields),
                    ["targetNames"] = Strings(heldHere ? relationship.LocalFields : []),
                };
            default:
                return new JsonObject { ["connectionType"] = "BELONGS_TO", ["targetNames"] = Strings(relationship.LocalFields) };
        }
    }

    private static JsonNode TypeOf(FieldDefinition field) => field.Kind switch
    {
        FieldKind.Relationship => new JsonObject { ["model"] = field.TypeName },
        FieldKind.Enum => new JsonObject { ["enum"] = field.TypeName },
        FieldKind.Embedded => new JsonObject { ["nonModel"] = field.TypeName },
        _ => JsonValue.Create(field.TypeName)!,
    };

    /// <summary>
    /// Rules as modelgen writes them: owner and groups rules with their provider and claims filled in (dynamic group
    /// rules also carry <c>groupField: "groups"</c>), public and private rules with the provider only when written.
    /// </summary>
    private static JsonArray AuthRules(IEnumerable<AuthRule> rules) => new(rules.Select(rule =>
    {
        var json = new JsonObject();
        if (rule.Allow is "owner" or "groups" || rule.Provider is not null)
        {
            json["provider"] = rule.EffectiveProvider;
        }

        if (rule.Allow == "owner")
        {
            json["ownerField"] = rule.OwnerField;
            json["identityClaim"] = rule.IdentityClaim ?? "cognito:username";
        }

        if (rule.Allow == "groups")
        {
            json["groupClaim"] = rule.GroupClaim ?? "cognito:groups";
            if (rule.GroupsField is not null)
            {
                json["groupsField"] = rule.GroupsField;
                json["groupField"] = "groups";
            }
        }

        if (rule.Groups.Count > 0)
        {
            json["groups"] = Strings(rule.Groups);
        }

        json["allow"] = rule.Allow;
        json["operations"] = Strings(rule.Operations.Count > 0 ? rule.Operations : ["create", "update", "delete", "read"]);
        return (JsonNode)json;
    }).ToArray());

    /// <summary>A custom operation, argument or input field: its name and type as modelgen describes them.</summary>
    private static JsonObject Reference(ModelSchema schema, string name, TypeReference type)
    {
        var json = new JsonObject
        {
            ["name"] = name,
            ["isArray"] = type.IsList,
            ["type"] = TypeOf(schema, type),
            ["isRequired"] = type.IsList ? type.IsListElementRequired : type.IsRequired,
        };
        if (type.IsList)
        {
            json["isArrayNullable"] = !type.IsRequired;
        }

        return json;
    }

    /// <summary>The type of a reference; null for an interface or union, which modelgen leaves out.</summary>
    private static JsonNode? TypeOf(ModelSchema schema, TypeReference type) =>
        schema.FindModel(type.TypeName) is not null ? new JsonObject { ["model"] = type.TypeName }
        : schema.Enums.Any(e => e.Name == type.TypeName) ? new JsonObject { ["enum"] = type.TypeName }
        : schema.NonModels.Any(n => n.Name == type.TypeName) ? new JsonObject { ["nonModel"] = type.TypeName }
        : schema.InputTypes.Any(i => i.Name == type.TypeName) ? new JsonObject { ["input"] = type.TypeName }
        : Enum.TryParse<ScalarType>(type.TypeName, out _) ? JsonValue.Create(type.TypeName)
        : null;

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        IEnumerable<KeyValuePair<string, object?>> map => new JsonObject(map.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, ToJson(p.Value)))),
        IEnumerable<object?> list => new JsonArray(list.Select(ToJson).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
