using Stratus.Schema.Model;

namespace Stratus.Schema.Parsing;

/// <summary>
/// Resolves <c>@hasMany</c>, <c>@hasOne</c> and <c>@belongsTo</c> (Amplify transformer v2): explicit
/// <c>fields</c>/<c>indexName</c>, or implicit foreign keys named
/// <c>{lowerFirst(Parent)}{UpperFirst(field)}{UpperFirst(keyField)}</c> for each of the related key's fields
/// (<c>postCommentsId</c>; <c>postCommentsPostId</c>, <c>postCommentsTitle</c> for a custom key), which a paired
/// <c>@belongsTo</c> reuses.
/// </summary>
internal sealed class RelationshipResolver(ParseContext context)
{
    public void ResolveAll()
    {
        foreach (var kind in new[] { "hasMany", "hasOne", "belongsTo" })
        {
            foreach (var model in context.Models.ToList())
            {
                foreach (var field in model.Fields.Where(f => f.Node is not null && f.Definition.Relationship is null).ToList())
                {
                    var directive = SdlValues.Find(field.Node!, kind);
                    if (directive is null)
                    {
                        continue;
                    }

                    var target = context.Draft(field.Definition.TypeName)!;
                    var fields = context.Values.StringList(directive, "fields");
                    var references = context.Values.StringList(directive, "references");
                    if (references.Count > 0 && fields.Count > 0)
                    {
                        throw new SchemaException(field.Definition.Position, "relationship-fields",
                            $"{model.Name}.{field.Definition.Name}: @{kind} takes fields: or references:, not both.");
                    }

                    var relationship = references.Count > 0 ? ByReference(kind, model, field.Definition, target, references) : kind switch
                    {
                        "hasMany" => HasMany(model, field.Definition, target, fields, context.Values.String(directive, "indexName")),
                        "hasOne" => ToOne(RelationshipKind.HasOne, model, field.Definition, target, fields),
                        _ => BelongsTo(model, field.Definition, target, fields),
                    };
                    field.Definition = field.Definition with { Relationship = relationship };
                }
            }
        }
    }

    private RelationshipDefinition HasMany(TypeDraft model, FieldDefinition field, TypeDraft target, IReadOnlyList<string> fields, string? indexName)
    {
        if (!field.IsList)
        {
            throw new SchemaException(field.Position, "has-many", $"{model.Name}.{field.Name}: @hasMany needs a list type, e.g. [{target.Name}].");
        }

        var local = fields.Count > 0 ? fields : model.PrimaryKey!.AllFields.ToList();
        CheckLocal(model, local, field);
        IReadOnlyList<string> related;
        if (indexName is not null)
        {
            var index = target.Indexes.FirstOrDefault(i => i.Name == indexName)
                ?? throw new SchemaException(field.Position, "has-many", $"{model.Name}.{field.Name}: {target.Name} has no @index named '{indexName}'.");
            related = index.SortKeyFields.Prepend(index.PartitionField).Take(local.Count).ToList();
        }
        else if (fields.Count > 0)
        {
            related = target.PrimaryKey!.AllFields.Take(local.Count).ToList();
        }
        else
        {
            var prefix = Names.LowerFirst(model.Name) + Names.UpperFirst(field.Name);
            related = AddForeignKeys(target, prefix, model, field.IsRequired);
            target.Indexes.Add(new IndexDefinition { Name = $"gsi-{model.Name}.{field.Name}", PartitionField = related[0], SortKeyFields = related.Skip(1).ToList() });
        }

        if (related.Count != local.Count)
        {
            throw new SchemaException(field.Position, "has-many", $"{model.Name}.{field.Name}: fields and the related key have different lengths.");
        }

        return new RelationshipDefinition { Kind = RelationshipKind.HasMany, RelatedModel = target.Name, LocalFields = local, RelatedFields = related, IndexName = indexName };
    }

    private RelationshipDefinition ToOne(RelationshipKind kind, TypeDraft model, FieldDefinition field, TypeDraft target, IReadOnlyList<string> fields)
    {
        if (field.IsList)
        {
            throw new SchemaException(field.Position, "to-one", $"{model.Name}.{field.Name}: @{Names.LowerFirst(kind.ToString())} needs a single (non-list) type.");
        }

        var related = target.PrimaryKey!.AllFields.ToList();
        var local = fields.Count > 0
            ? fields
            : AddForeignKeys(model, Names.LowerFirst(model.Name) + Names.UpperFirst(field.Name), target, field.IsRequired);
        CheckLocal(model, local, field);
        if (local.Count != related.Count)
        {
            throw new SchemaException(field.Position, "to-one",
                $"{model.Name}.{field.Name}: fields must name one field per key field of {target.Name} ({string.Join(", ", related)}).");
        }

        return new RelationshipDefinition { Kind = kind, RelatedModel = target.Name, LocalFields = local, RelatedFields = related };
    }

    private RelationshipDefinition BelongsTo(TypeDraft model, FieldDefinition field, TypeDraft target, IReadOnlyList<string> fields)
    {
        if (fields.Count == 0)
        {
            // Paired with an implicit @hasMany on the parent: reuse the foreign key that hasMany added here.
            var pair = target.Fields
                .Select(f => f.Definition.Relationship)
                .FirstOrDefault(r => r is { Kind: RelationshipKind.HasMany } && r.RelatedModel == model.Name && r.IndexName is null
                    && r.RelatedFields.All(n => model.Field(n)?.Definition.IsImplicit == true));
            if (pair is not null)
            {
                return new RelationshipDefinition { Kind = RelationshipKind.BelongsTo, RelatedModel = target.Name, LocalFields = pair.RelatedFields, RelatedFields = pair.LocalFields };
            }
        }

        CheckReverse(model, field, target);
        return ToOne(RelationshipKind.BelongsTo, model, field, target, fields);
    }

    /// <summary>
    /// A relationship by <c>references:</c> (Gen 2 style): the child holds the parent's key in the named fields, and
    /// no implicit field is added. @hasMany and @hasOne name the fields on the related (child) model, @belongsTo
    /// names them on its own model.
    /// </summary>
    private RelationshipDefinition ByReference(string kind, TypeDraft model, FieldDefinition field, TypeDraft target, IReadOnlyList<string> references)
    {
        if (kind == "belongsTo")
        {
            CheckReverse(model, field, target);
            CheckLocal(model, references, field, argument: "references");
            CheckCount(model, field, target, references);
            return new RelationshipDefinition { Kind = RelationshipKind.BelongsTo, RelatedModel = target.Name, LocalFields = references, RelatedFields = target.PrimaryKey!.AllFields.ToList() };
        }

        if (field.IsList != (kind == "hasMany"))
        {
            throw new SchemaException(field.Position, kind == "hasMany" ? "has-many" : "to-one",
                $"{model.Name}.{field.Name}: @{kind} needs {(kind == "hasMany" ? $"a list type, e.g. [{target.Name}]" : "a single (non-list) type")}.");
        }

        CheckLocal(target, references, field, model, "references");
        CheckCount(target, field, model, references, model);
        if (!target.Indexes.Any(i => i.PartitionField == references[0] && i.SortKeyFields.SequenceEqual(references.Skip(1))))
        {
            target.Indexes.Add(new IndexDefinition { Name = $"gsi-{model.Name}.{field.Name}", PartitionField = references[0], SortKeyFields = references.Skip(1).ToList() });
        }

        return new RelationshipDefinition
        {
            Kind = kind == "hasMany" ? RelationshipKind.HasMany : RelationshipKind.HasOne,
            RelatedModel = target.Name,
            LocalFields = model.PrimaryKey!.AllFields.ToList(),
            RelatedFields = references,
        };
    }

    /// <summary>references: names one field per field of the key it holds.</summary>
    private static void CheckCount(TypeDraft holder, FieldDefinition field, TypeDraft keyOwner, IReadOnlyList<string> references, TypeDraft? owner = null)
    {
        var key = keyOwner.PrimaryKey!.AllFields.ToList();
        if (references.Count != key.Count)
        {
            throw new SchemaException(field.Position, "relationship-fields",
                $"{(owner ?? holder).Name}.{field.Name}: references: must name one field of {holder.Name} per key field of {keyOwner.Name} ({string.Join(", ", key)}).");
        }
    }

    /// <summary>The transformer refuses a @belongsTo whose related model has no @hasOne or @hasMany back to it.</summary>
    private static void CheckReverse(TypeDraft model, FieldDefinition field, TypeDraft target)
    {
        if (!target.Fields.Any(f => f.Definition.TypeName == model.Name && f.Node is not null
                && (SdlValues.Find(f.Node, "hasOne") is not null || SdlValues.Find(f.Node, "hasMany") is not null)))
        {
            throw new SchemaException(field.Position, "belongs-to",
                $"{model.Name}.{field.Name}: {target.Name} must have a relationship with {model.Name} in order to use @belongsTo. Add a @hasOne or @hasMany of {model.Name} to {target.Name}.");
        }
    }

    private static List<string> AddForeignKeys(TypeDraft holder, string prefix, TypeDraft keyOwner, bool required)
    {
        var names = new List<string>();
        foreach (var keyField in keyOwner.PrimaryKey!.AllFields)
        {
            var source = keyOwner.Field(keyField)!.Definition;
            var name = prefix + Names.UpperFirst(keyField);
            names.Add(name);
            if (holder.Field(name) is null)
            {
                holder.Fields.Add(new FieldDraft
                {
                    Definition = source with { Name = name, IsRequired = required, IsImplicit = true, IsReadOnly = false, DefaultValue = null, AuthRules = [] },
                });
            }
        }

        return names;
    }

    /// <summary>Each named field is a scalar field of <paramref name="holder"/> (the model itself for fields:, the child for references:).</summary>
    private static void CheckLocal(TypeDraft holder, IReadOnlyList<string> names, FieldDefinition field, TypeDraft? owner = null, string argument = "fields")
    {
        foreach (var name in names)
        {
            var found = holder.Field(name)?.Definition;
            if (found is null || found.Kind is FieldKind.Relationship or FieldKind.Embedded || found.IsList)
            {
                throw new SchemaException(field.Position, "relationship-fields",
                    $"{(owner ?? holder).Name}.{field.Name}: {argument}: names '{name}', which is not a scalar field of {holder.Name}.");
            }
        }
    }
}
