using Stratus.Schema.Model;

namespace Stratus.Schema.Parsing;

/// <summary>Reads <c>@primaryKey</c> and <c>@index</c>; adds the implicit <c>id: ID!</c> when no key is declared.</summary>
internal sealed class KeyReader(ParseContext context)
{
    public void ReadAll()
    {
        foreach (var model in context.Models)
        {
            foreach (var field in model.Fields.Where(f => f.Node is not null).ToList())
            {
                var primary = SdlValues.Find(field.Node!, "primaryKey");
                if (primary is not null)
                {
                    if (model.PrimaryKey is not null)
                    {
                        throw new SchemaException(context.Values.PositionOf(primary), "primary-key", $"{model.Name} has more than one @primaryKey.");
                    }

                    var sortKeys = context.Values.StringList(primary, "sortKeyFields");
                    CheckKeyField(model, field.Definition, "@primaryKey", field.Definition.Position);
                    foreach (var sortKey in sortKeys)
                    {
                        CheckKeyField(model, model.Field(sortKey)?.Definition, "@primaryKey(sortKeyFields:) " + sortKey, field.Definition.Position);
                    }

                    model.PrimaryKey = new PrimaryKeyDefinition(field.Definition.Name, sortKeys, IsCustom: true);
                }

                foreach (var index in field.Node!.Directives?.Items.Where(d => d.Name.StringValue == "index") ?? [])
                {
                    var position = context.Values.PositionOf(index);
                    var sortKeys = context.Values.StringList(index, "sortKeyFields");
                    var name = context.Values.String(index, "name") ?? AutoQueryField(model.Name, field.Definition.Name, sortKeys);
                    if (model.Indexes.Any(i => i.Name == name))
                    {
                        throw new SchemaException(position, "index-name", $"{model.Name} declares the index '{name}' twice.");
                    }

                    CheckIndexField(model, field.Definition, position);
                    foreach (var sortKey in sortKeys)
                    {
                        CheckIndexField(model, model.Field(sortKey)?.Definition, position, sortKey);
                    }

                    model.Indexes.Add(new IndexDefinition
                    {
                        Name = name,
                        PartitionField = field.Definition.Name,
                        SortKeyFields = sortKeys,
                        QueryField = SdlValues.Has(index, "queryField")
                            ? context.Values.String(index, "queryField")
                            : AutoQueryField(model.Name, field.Definition.Name, sortKeys),
                        QueryFieldDeclared = SdlValues.Has(index, "queryField"),
                    });
                }
            }

            if (model.PrimaryKey is null)
            {
                var id = model.Field("id");
                if (id is null)
                {
                    model.Fields.Insert(0, new FieldDraft
                    {
                        Definition = new FieldDefinition
                        {
                            Name = "id", TypeName = "ID", Kind = FieldKind.Scalar, Scalar = ScalarType.ID, IsRequired = true,
                            IsImplicit = true, Position = model.Position,
                        },
                    });
                }
                else if (id.Definition.TypeName != "ID" || !id.Definition.IsRequired || id.Definition.IsList)
                {
                    throw new SchemaException(id.Definition.Position, "primary-key", $"{model.Name}.id must be ID! (or mark another field @primaryKey).");
                }

                model.PrimaryKey = new PrimaryKeyDefinition("id", []);
            }
        }
    }

    /// <summary>Amplify's automatic index query name (and the name of an index declared without one): <c>postsByStatusAndCreatedAt</c>.</summary>
    public static string AutoQueryField(string model, string partition, IReadOnlyList<string> sortKeys) =>
        Names.LowerFirst(Pluralizer.Pluralize(model)) + "By" + string.Join("And", sortKeys.Prepend(partition).Select(Names.UpperFirst));

    private static void CheckKeyField(TypeDraft model, FieldDefinition? field, string what, SourcePosition position)
    {
        if (field is null)
        {
            throw new SchemaException(position, "primary-key", $"{model.Name}: {what} names a field the model does not have.");
        }

        if (field.IsList || (field.Kind != FieldKind.Scalar && field.Kind != FieldKind.Enum) || !field.IsRequired)
        {
            throw new SchemaException(field.Position, "primary-key",
                $"{model.Name}.{field.Name}: key fields must be required scalars or enums (e.g. ID!, String!).");
        }
    }

    private static void CheckIndexField(TypeDraft model, FieldDefinition? field, SourcePosition position, string? name = null)
    {
        if (field is null)
        {
            throw new SchemaException(position, "index-field", $"{model.Name}: @index sortKeyFields names '{name}', which the model does not have.");
        }

        if (field.IsList || (field.Kind != FieldKind.Scalar && field.Kind != FieldKind.Enum))
        {
            throw new SchemaException(field.Position, "index-field", $"{model.Name}.{field.Name}: index fields must be scalars or enums.");
        }
    }
}
