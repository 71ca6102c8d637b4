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
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Model(ModelSchema schema, ModelDefinition model)
    {
        var modelProperties = new JsonObject();
        if (model.CreatedAtField != "createdAt" || model.UpdatedAtField != "updatedAt")
        {
            modelProperties["timestamps"] = new JsonObject { ["createdAt"] = model.CreatedAtField, ["updatedAt"] = model.UpdatedAtField };
        }

        var attributes = new JsonArray { new JsonObject { ["type"] = "model", ["properties"] = modelProperties } };
        if (model.PrimaryKey.IsCustom)
        {
            attributes.Add(new JsonObject { ["type"] = "key", ["properties"] = new JsonObject { ["fields"] = Strings(model.PrimaryKey.AllFields) } });
        }

        foreach (var index in model.Indexes.Where(i => !i.Name.StartsWith("gsi-", StringComparison.Ordinal)))
        {
            var properties = new JsonObject { ["name"] = index.Name };
            if (index.QueryField is not null)
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
        var fields = model.Fields.Where(f => !(f.IsImplicit && model.AuthRules.Any(r => r.OwnerField == f.Name)));
        return new JsonObject
        {
            ["name"] = model.Name,
            ["fields"] = Fields(schema, model, fields),
            ["syncable"] = true,
            ["pluralName"] = model.PluralName,
            ["attributes"] = attributes,
            ["primaryKeyInfo"] = new JsonObject
            {
                ["isCustomPrimaryKey"] = model.PrimaryKey.IsCustom,
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
                ["type"] = TypeOf(field),
                ["isRequired"] = field.IsRequired && !field.IsReadOnly && !(model?.IsJoinModel == true && field.Kind == FieldKind.Scalar && field.Name != "id"),
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
                return new JsonObject
                {
                    ["connectionType"] = "HAS_ONE",
                    ["associatedWith"] = Strings(relationship.RelatedFields),
                    ["targetNames"] = Strings(relationship.LocalFields),
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

    private static JsonArray AuthRules(IEnumerable<AuthRule> rules) => new(rules.Select(rule =>
    {
        var json = new JsonObject();
        if (rule.Provider is not null)
        {
            json["provider"] = rule.Provider;
        }

        if (rule.Allow == "owner")
        {
            json["ownerField"] = rule.OwnerField;
            json["identityClaim"] = rule.IdentityClaim ?? "cognito:username";
        }

        if (rule.Groups.Count > 0)
        {
            json["groups"] = Strings(rule.Groups);
        }

        if (rule.GroupClaim is not null)
        {
            json["groupClaim"] = rule.GroupClaim;
        }

        json["allow"] = rule.Allow;
        json["operations"] = Strings(rule.Operations.Count > 0 ? rule.Operations : ["create", "update", "delete", "read"]);
        return (JsonNode)json;
    }).ToArray());

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
