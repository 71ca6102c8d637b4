using Stratus.Schema.Model;

namespace Stratus.Schema.Parsing;

/// <summary>
/// Amplify's <c>@manyToMany(relationName: "PostTags")</c>: both sides become a hasMany onto a generated join
/// model <c>PostTags { id, postId, tagId, post, tag }</c> with an index (and query field) per side.
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
                        LocalFields = ["id"],
                        RelatedFields = [JoinKeyField(side.Model.Name)],
                        IndexName = "by" + side.Model.Name,
                    },
                };
            }
        }
    }

    public static string JoinKeyField(string model) => Names.LowerFirst(model) + "Id";

    private string RelationName(FieldDraft field)
    {
        var directive = SdlValues.Find(field.Node!, "manyToMany")!;
        return context.Values.String(directive, "relationName")
            ?? throw new SchemaException(field.Definition.Position, "many-to-many", $"{field.Definition.Name}: @manyToMany needs relationName:.");
    }

    private void AddJoinModel(string name, TypeDraft left, TypeDraft right, SourcePosition position)
    {
        var join = new TypeDraft { Name = name, Node = null, IsModel = true, IsJoinModel = true, Position = position };
        join.Fields.Add(Scalar("id", position));
        join.Fields.Add(Scalar(JoinKeyField(left.Name), position));
        join.Fields.Add(Scalar(JoinKeyField(right.Name), position));
        foreach (var side in new[] { left, right })
        {
            join.Fields.Add(new FieldDraft
            {
                Definition = new FieldDefinition
                {
                    Name = Names.LowerFirst(side.Name), TypeName = side.Name, Kind = FieldKind.Relationship, IsRequired = true,
                    IsImplicit = true, Position = position,
                    Relationship = new RelationshipDefinition
                    {
                        Kind = RelationshipKind.BelongsTo, RelatedModel = side.Name,
                        LocalFields = [JoinKeyField(side.Name)], RelatedFields = ["id"],
                    },
                },
            });
            join.Indexes.Add(new IndexDefinition
            {
                Name = "by" + side.Name, PartitionField = JoinKeyField(side.Name),
                QueryField = Names.LowerFirst(Pluralizer.Pluralize(name)) + "By" + Names.UpperFirst(JoinKeyField(side.Name)),
            });
        }

        context.Drafts.Add(join);
    }

    private static FieldDraft Scalar(string name, SourcePosition position) => new()
    {
        Definition = new FieldDefinition
        {
            Name = name, TypeName = "ID", Kind = FieldKind.Scalar, Scalar = ScalarType.ID, IsRequired = true,
            IsImplicit = true, Position = position,
        },
    };
}
