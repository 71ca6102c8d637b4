using Stratus.Schema.Model;

namespace Stratus.Schema.Parsing;

/// <summary>
/// Amplify's <c>@manyToMany(relationName: "PostTags")</c>: both sides become a hasMany onto a generated join
/// model <c>PostTags { id, postId, tagId, post, tag }</c> with an index (and query field) per side. The join model
/// holds each side's key: <c>{side}{UpperFirst(partition)}</c>, then each sort key field as
/// <c>{side}{sortKey}</c> (the transformer does not capitalise those: <c>courseCode</c>, <c>courseterm</c>).
/// Runs after the keys are read.
/// </summary>
internal sealed class ManyToManyExpander(ParseContext context)
{
    public void Expand()
    {
        var sides = context.Models
            .SelectMany(m => m.Fields.Where(f => f.Node is not null && SdlValues.Find(f.Node, "manyToMany") is not null)
                .Select(f => (Model: m, Field: f)))
            .ToList();

        foreach (var group in sides.GroupBy(s => RelationName(s.Field)))
        {
            var pair = group.ToList();
            if (pair.Count != 2)
            {
                var first = pair[0];
                throw new SchemaException(first.Field.Definition.Position, "many-to-many",
                    $"@manyToMany(relationName: \"{group.Key}\") must appear on exactly two fields, one on each related model; found {pair.Count}.");
            }

            if (context.Draft(group.Key) is not null)
            {
                throw new SchemaException(pair[0].Field.Definition.Position, "many-to-many",
                    $"relationName \"{group.Key}\" collides with an existing type of that name.");
            }

            foreach (var side in pair)
            {
                if (!side.Field.Definition.IsList)
                {
                    throw new SchemaException(side.Field.Definition.Position, "many-to-many", $"{side.Model.Name}.{side.Field.Definition.Name}: @manyToMany needs a list field.");
                }
            }

            AddJoinModel(group.Key, pair[0].Model, pair[1].Model, pair[0].Field.Definition.Position);
            foreach (var side in pair)
            {
                side.Field.Definition = side.Field.Definition with
                {
                    TypeName = group.Key,
                    Relationship = new RelationshipDefinition
                    {
                        Kind = RelationshipKind.HasMany,
                        RelatedModel = group.Key,
                        LocalFields = side.Model.PrimaryKey!.AllFields.ToList(),
                        RelatedFields = JoinKeyFields(side.Model),
                        IndexName = "by" + side.Model.Name,
                    },
                };
            }
        }
    }

    /// <summary>The join model's fields that hold a side's key.</summary>
    private static List<string> JoinKeyFields(TypeDraft side)
    {
        var prefix = Names.LowerFirst(side.Name);
        return side.PrimaryKey!.SortKeyFields.Select(k => prefix + k).Prepend(prefix + Names.UpperFirst(side.PrimaryKey.PartitionField)).ToList();
    }

    private string RelationName(FieldDraft field)
    {
        var directive = SdlValues.Find(field.Node!, "manyToMany")!;
        return context.Values.String(directive, "relationName")
            ?? throw new SchemaException(field.Definition.Position, "many-to-many", $"{field.Definition.Name}: @manyToMany needs relationName:.");
    }

    private void AddJoinModel(string name, TypeDraft left, TypeDraft right, SourcePosition position)
    {
        var join = new TypeDraft { Name = name, Node = null, IsModel = true, IsJoinModel = true, Position = position, PrimaryKey = new PrimaryKeyDefinition("id", []) };
        join.Fields.Add(Scalar("id", "ID", position));
        foreach (var side in new[] { left, right })
        {
            foreach (var (field, key) in JoinKeyFields(side).Zip(side.PrimaryKey!.AllFields, (f, k) => (f, k)))
            {
                join.Fields.Add(Scalar(field, side.Field(key)!.Definition.TypeName, position, side.Field(key)!.Definition.Scalar));
            }
        }

        foreach (var side in new[] { left, right })
        {
            var keys = JoinKeyFields(side);
            join.Fields.Add(new FieldDraft
            {
                Definition = new FieldDefinition
                {
                    Name = Names.LowerFirst(side.Name), TypeName = side.Name, Kind = FieldKind.Relationship, IsRequired = true,
                    IsImplicit = true, Position = position,
                    Relationship = new RelationshipDefinition
                    {
                        Kind = RelationshipKind.BelongsTo, RelatedModel = side.Name,
                        LocalFields = keys, RelatedFields = side.PrimaryKey!.AllFields.ToList(),
                    },
                },
            });
            join.Indexes.Add(new IndexDefinition
            {
                Name = "by" + side.Name, PartitionField = keys[0], SortKeyFields = keys.Skip(1).ToList(),
                QueryField = KeyReader.AutoQueryField(name, keys[0], keys.Skip(1).ToList()),
            });
        }

        context.Drafts.Add(join);
    }

    private static FieldDraft Scalar(string name, string type, SourcePosition position, ScalarType? scalar = ScalarType.ID) => new()
    {
        Definition = new FieldDefinition
        {
            Name = name, TypeName = type, Kind = scalar is null ? FieldKind.Enum : FieldKind.Scalar, Scalar = scalar, IsRequired = true,
            IsImplicit = true, Position = position,
        },
    };
}
