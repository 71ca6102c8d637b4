using GraphQLParser.AST;
using Stratus.Schema.Model;
using Stratus.Schema.Scalars;

namespace Stratus.Schema.Parsing;

/// <summary>Reads every field's type, kind, <c>@default</c> and <c>@auth</c>; rejects unknown types and directives.</summary>
internal sealed class FieldReader(ParseContext context)
{
    private static readonly HashSet<string> TypeDirectives = ["model", "auth"];

    private static readonly HashSet<string> FieldDirectives =
        ["primaryKey", "index", "hasMany", "hasOne", "belongsTo", "manyToMany", "default", "auth"];

    private static readonly HashSet<string> RelationshipDirectives = ["hasMany", "hasOne", "belongsTo", "manyToMany"];

    public void ReadAll()
    {
        foreach (var draft in context.Drafts)
        {
            var node = draft.Node!;
            CheckDirectives(node, TypeDirectives, $"type {draft.Name}");
            foreach (var field in node.Fields?.Items ?? [])
            {
                if (draft.Field(field.Name.StringValue) is not null)
                {
                    throw new SchemaException(context.Values.PositionOf(field), "duplicate-field",
                        $"{draft.Name}.{field.Name.StringValue} is declared twice.");
                }

                draft.Fields.Add(new FieldDraft { Definition = Read(draft, field), Node = field });
            }

            if (draft.Fields.Count == 0)
            {
                throw new SchemaException(draft.Position, "empty-type", $"Type '{draft.Name}' has no fields.");
            }
        }
    }

    private FieldDefinition Read(TypeDraft owner, GraphQLFieldDefinition field)
    {
        var position = context.Values.PositionOf(field);
        var name = field.Name.StringValue;
        CheckDirectives(field, owner.IsModel ? FieldDirectives : ["auth"], $"field {owner.Name}.{name}");
        if (name.StartsWith('_'))
        {
            throw new SchemaException(position, "reserved-field",
                $"{owner.Name}.{name}: field names starting with '_' are reserved for sync metadata.");
        }

        if (field.Type is GraphQLListType { Type: GraphQLListType or GraphQLNonNullType { Type: GraphQLListType } }
            || field.Type is GraphQLNonNullType { Type: GraphQLListType { Type: GraphQLListType or GraphQLNonNullType { Type: GraphQLListType } } })
        {
            throw new SchemaException(position, "nested-list", $"{owner.Name}.{name}: lists of lists are not supported; use a non-model type or AWSJSON.");
        }

        var (typeName, isList, required, elementRequired) = SdlValues.TypeOf(field.Type);
        var kind = KindOf(typeName, position, owner, name);
        var hasRelationship = RelationshipDirectives.Any(d => SdlValues.Find(field, d) is not null);
        if (kind == FieldKind.Relationship && !hasRelationship)
        {
            throw new SchemaException(position, "relationship-directive",
                $"{owner.Name}.{name} refers to the model {typeName}: add @hasMany, @hasOne, @belongsTo or @manyToMany.");
        }

        if (kind != FieldKind.Relationship && hasRelationship)
        {
            throw new SchemaException(position, "relationship-directive",
                $"{owner.Name}.{name}: relationship directives need a field whose type is a @model, not {typeName}.");
        }

        return new FieldDefinition
        {
            Name = name,
            TypeName = typeName,
            Kind = kind,
            Scalar = kind == FieldKind.Scalar ? ParseScalar(typeName) : null,
            IsRequired = required,
            IsList = isList,
            IsListElementRequired = elementRequired,
            DefaultValue = ReadDefault(field, kind, typeName, position, owner.Name),
            AuthRules = AuthRuleReader.Read(field, context.Values),
            Position = position,
        };
    }

    private FieldKind KindOf(string typeName, SourcePosition position, TypeDraft owner, string field)
    {
        if (Enum.TryParse<ScalarType>(typeName, out _))
        {
            return FieldKind.Scalar;
        }

        if (context.Enums.Any(e => e.Name == typeName))
        {
            return FieldKind.Enum;
        }

        var target = context.Draft(typeName);
        if (target is null)
        {
            throw new SchemaException(position, "unknown-type", $"{owner.Name}.{field} has unknown type '{typeName}'.");
        }

        if (!target.IsModel)
        {
            return FieldKind.Embedded;
        }

        if (!owner.IsModel)
        {
            throw new SchemaException(position, "relationship-in-non-model",
                $"{owner.Name}.{field}: a non-model type cannot refer to the model {typeName}.");
        }

        return FieldKind.Relationship;
    }

    private string? ReadDefault(GraphQLFieldDefinition field, FieldKind kind, string typeName, SourcePosition position, string owner)
    {
        var directive = SdlValues.Find(field, "default");
        if (directive is null)
        {
            return null;
        }

        var value = context.Values.String(directive, "value")
            ?? throw new SchemaException(position, "default-value", $"{owner}.{field.Name.StringValue}: @default needs value: \"...\".");
        var valid = kind switch
        {
            FieldKind.Scalar => AwsScalars.IsValidLiteral(ParseScalar(typeName), value),
            FieldKind.Enum => context.Enums.First(e => e.Name == typeName).Values.Contains(value),
            _ => false,
        };
        if (!valid)
        {
            throw new SchemaException(position, "default-value",
                $"{owner}.{field.Name.StringValue}: @default value \"{value}\" is not a valid {typeName}.");
        }

        return value;
    }

    private void CheckDirectives(IHasDirectivesNode node, HashSet<string> allowed, string where)
    {
        foreach (var directive in node.Directives?.Items ?? [])
        {
            if (!allowed.Contains(directive.Name.StringValue))
            {
                throw new SchemaException(context.Values.PositionOf(directive), "unsupported-directive",
                    $"@{directive.Name.StringValue} is not supported on {where}; supported here: {string.Join(", ", allowed.Select(a => "@" + a))}.");
            }
        }
    }

    // Only called once the name is known to be a scalar (ScalarTypes.IsScalar), so the parse cannot fail.
    private static ScalarType ParseScalar(string typeName) =>
        Enum.TryParse<ScalarType>(typeName, out var scalar) ? scalar : throw new ArgumentException($"'{typeName}' is not a scalar type.", nameof(typeName));
}
