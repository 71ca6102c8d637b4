using Stratus.Schema.Model;

namespace Stratus.Schema.AppSync;

/// <summary>
/// Writes the schema the Amplify GraphQL transformer (v2) generates for a conflict-detection (DataStore) API:
/// the model types with <c>_version</c>/<c>_deleted</c>/<c>_lastChangedAt</c>, the filter, condition and
/// mutation inputs, connections, and the get/list/sync queries, mutations and subscriptions
/// (see ../shared/reference/appsync-protocol.md §1).
/// </summary>
public static partial class AppSyncSdlWriter
{
    /// <summary>AppSync's predefined scalars and directives, which its printed schema leaves out.</summary>
    public const string Prelude = """
        scalar AWSDate
        scalar AWSTime
        scalar AWSDateTime
        scalar AWSTimestamp
        scalar AWSEmail
        scalar AWSJSON
        scalar AWSURL
        scalar AWSPhone
        scalar AWSIPAddress
        directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
        directive @aws_api_key on OBJECT | FIELD_DEFINITION
        directive @aws_iam on OBJECT | FIELD_DEFINITION
        directive @aws_oidc on OBJECT | FIELD_DEFINITION
        directive @aws_cognito_user_pools(cognito_groups: [String]) on OBJECT | FIELD_DEFINITION
        directive @aws_lambda on OBJECT | FIELD_DEFINITION

        """;

    /// <summary>
    /// The schema as AppSync prints it (no scalar or directive declarations). With <paramref name="modes"/> naming
    /// additional providers, types and root fields carry the <c>@aws_*</c> directives of the providers that reach them.
    /// </summary>
    public static string Write(ModelSchema schema, ApiAuthModes? modes = null)
    {
        var sdl = new SdlText();
        foreach (var model in schema.Models)
        {
            sdl.Block($"type {model.Name}{modes?.Directives(model.AuthRules)}", ObjectFields(schema, model));
        }

        foreach (var nonModel in schema.NonModels)
        {
            // A non-model type is reachable by whatever reaches a model that holds it.
            var users = schema.Models.Where(m => m.Fields.Any(f => f.TypeName == nonModel.Name)).SelectMany(m => m.AuthRules);
            var implements = nonModel.Interfaces.Count > 0 ? " implements " + string.Join(" & ", nonModel.Interfaces) : "";
            sdl.Block($"type {nonModel.Name}{implements}{modes?.Directives(users)}", nonModel.Fields.Select(f => $"{f.Name}: {f.GraphQLType}"));
        }

        foreach (var enumType in schema.Enums)
        {
            sdl.Block($"enum {enumType.Name}", enumType.Values);
        }

        foreach (var definition in schema.AbstractTypes)
        {
            sdl.Raw(definition.Sdl);
        }

        foreach (var input in schema.InputTypes)
        {
            sdl.Block($"input {input.Name}", input.Fields);
        }

        WriteCommonInputs(sdl, schema);
        foreach (var model in schema.Models)
        {
            WriteModelInputs(sdl, schema, model, modes);
        }

        WriteOperations(sdl, schema, modes);
        return sdl.ToString();
    }

    /// <summary>The schema with AppSync's predefined scalars and directives declared, for execution.</summary>
    public static string WriteExecutable(ModelSchema schema, ApiAuthModes? modes = null) => Prelude + Write(schema, modes);

    private static IEnumerable<string> ObjectFields(ModelSchema schema, ModelDefinition model)
    {
        foreach (var field in model.Fields.Where(f => !IsTrailingImplicit(model, f)))
        {
            yield return ObjectField(schema, field);
        }

        yield return "_version: Int!";
        yield return "_deleted: Boolean";
        yield return "_lastChangedAt: AWSTimestamp!";
        foreach (var field in model.Fields.Where(f => IsTrailingImplicit(model, f)))
        {
            yield return ObjectField(schema, field);
        }
    }

    /// <summary>Implicit foreign keys and owner fields follow the sync metadata in the transformer's output.</summary>
    private static bool IsTrailingImplicit(ModelDefinition model, FieldDefinition field) =>
        field.IsImplicit && !field.IsReadOnly && field.Name != model.PrimaryKey.PartitionField && !model.IsJoinModel;

    /// <summary>An owner field the auth transformer added: the server fills it, so no input carries it.</summary>
    internal static bool IsImplicitOwner(ModelDefinition model, FieldDefinition field) =>
        field.IsImplicit && model.AuthRules.Any(r => r.OwnerField == field.Name);

    /// <summary>The sort-key argument a hasMany field over an index with sort keys takes (none onto a join model).</summary>
    internal static SortKeyArgument? HasManySortKey(ModelSchema schema, FieldDefinition field)
    {
        if (field.Relationship is not { Kind: RelationshipKind.HasMany, IndexName: { } indexName } relationship)
        {
            return null;
        }

        var related = schema.GetModel(relationship.RelatedModel);
        if (related.IsJoinModel)
        {
            return null;
        }

        var index = related.Indexes.FirstOrDefault(i => i.Name == indexName);
        return index is null ? null : SortKeyArgument.For(related, index.SortKeyFields, index.Name);
    }

    private static string ObjectField(ModelSchema schema, FieldDefinition field)
    {
        if (field.Relationship is { Kind: RelationshipKind.HasMany } relationship)
        {
            var required = field.IsRequired ? "!" : "";
            var sortKey = HasManySortKey(schema, field);
            var sortArg = sortKey is null ? "" : $"{sortKey.ArgumentName}: {sortKey.InputType}, ";
            return $"{field.Name}({sortArg}filter: Model{relationship.RelatedModel}FilterInput, sortDirection: ModelSortDirection, limit: Int, nextToken: String): Model{relationship.RelatedModel}Connection{required}";
        }

        return $"{field.Name}: {field.GraphQLType}";
    }
}
