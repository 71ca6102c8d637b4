using Stratus.Schema.Model;
using Stratus.Schema.Parsing;

namespace Stratus.Schema.Tests;

public sealed class SchemaParserTests
{
    [Fact]
    public void Model_gets_implicit_id_timestamps_and_amplify_names()
    {
        var schema = SchemaParser.Parse("type Category @model { name: String! }");

        var model = schema.GetModel("Category");
        Assert.Equal("Categories", model.PluralName);
        Assert.Equal(["id", "name", "createdAt", "updatedAt"], model.Fields.Select(f => f.Name));
        Assert.True(model.GetField("id").IsImplicit);
        Assert.True(model.GetField("createdAt").IsReadOnly);
        Assert.Equal("syncCategories", model.Operations.Sync);
        Assert.Equal("onDeleteCategory", model.Operations.OnDelete);
    }

    [Fact]
    public void Custom_timestamps_and_switched_off_operations_are_read()
    {
        var schema = SchemaParser.Parse("type A @model(timestamps: {createdAt: \"createdOn\", updatedAt: \"updatedOn\"}, subscriptions: null, queries: {get: \"fetchA\"}) { id: ID! }");

        var model = schema.GetModel("A");
        Assert.Equal("createdOn", model.CreatedAtField);
        Assert.Equal("updatedOn", model.UpdatedAtField);
        Assert.Null(model.Operations.OnCreate);
        Assert.Equal("fetchA", model.Operations.Get);
        // npm pluralize keeps the case of the letter before an added "s": A -> AS.
        Assert.Equal("listAS", model.Operations.List);
    }

    [Theory]
    [InlineData("references: [\"nope\"]", "Team.members: references: names 'nope', which is not a scalar field of Member.")]
    [InlineData("references: [\"teamId\", \"name\"]", "Team.members: references: must name one field of Member per key field of Team (id).")]
    [InlineData("references: [\"teamId\"], fields: [\"id\"]", "Team.members: @hasMany takes fields: or references:, not both.")]
    public void Bad_references_name_the_relationship_and_what_to_fix(string arguments, string message)
    {
        var error = Assert.Throws<SchemaException>(() => SchemaParser.Parse(
            $"type Team @model {{ id: ID! members: [Member] @hasMany({arguments}) }}\ntype Member @model {{ id: ID! name: String teamId: ID team: Team @belongsTo(references: [\"teamId\"]) }}"));

        Assert.Equal("relationship-fields", error.Rule);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HasMany_without_fields_adds_the_implicit_foreign_key_a_paired_belongsTo_reuses()
    {
        var schema = SchemaParser.Parse("""
            type Post @model { id: ID! comments: [Comment] @hasMany }
            type Comment @model { id: ID! post: Post @belongsTo }
            """);

        var comment = schema.GetModel("Comment");
        var foreignKey = comment.GetField("postCommentsId");
        Assert.True(foreignKey.IsImplicit);
        Assert.False(foreignKey.IsRequired);
        Assert.Equal(["postCommentsId"], comment.GetField("post").Relationship!.LocalFields);
        Assert.Equal(["postCommentsId"], schema.GetModel("Post").GetField("comments").Relationship!.RelatedFields);
        Assert.Contains(comment.Indexes, i => i.Name == "gsi-Post.comments" && i.QueryField is null);
    }

    [Fact]
    public void HasOne_and_its_belongsTo_each_get_a_foreign_key()
    {
        var schema = SchemaParser.Parse("""
            type Project @model { id: ID! team: Team @hasOne }
            type Team @model { id: ID! project: Project @belongsTo }
            """);

        Assert.Equal(["projectTeamId"], schema.GetModel("Project").GetField("team").Relationship!.LocalFields);
        Assert.Equal(["teamProjectId"], schema.GetModel("Team").GetField("project").Relationship!.LocalFields);
    }

    [Fact]
    public void ManyToMany_creates_the_join_model_with_indexes_and_query_fields()
    {
        var schema = SchemaParser.Parse("""
            type Post @model { id: ID! tags: [Tag] @manyToMany(relationName: "PostTags") }
            type Tag @model { id: ID! posts: [Post] @manyToMany(relationName: "PostTags") }
            """);

        var join = schema.GetModel("PostTags");
        Assert.True(join.IsJoinModel);
        Assert.Equal("PostTags", join.PluralName);
        Assert.Equal(["id", "postId", "tagId", "post", "tag", "createdAt", "updatedAt"], join.Fields.Select(f => f.Name));
        Assert.Equal(["postTagsByPostId", "postTagsByTagId"], join.Indexes.Select(i => i.QueryField));
        var tags = schema.GetModel("Post").GetField("tags");
        Assert.Equal("PostTags", tags.Relationship!.RelatedModel);
        Assert.Equal("byPost", tags.Relationship.IndexName);
    }

    [Fact]
    public void Index_without_query_field_gets_the_automatic_name()
    {
        var schema = SchemaParser.Parse("type Comment @model { id: ID! postID: ID! @index(name: \"byPost\", sortKeyFields: [\"content\"]) content: String! }");

        Assert.Equal("commentsByPostIDAndContent", Assert.Single(schema.GetModel("Comment").Indexes).QueryField);
    }

    [Fact]
    public void Auth_rules_are_kept_and_an_owner_field_is_added()
    {
        var schema = SchemaParser.Parse("type Note @model @auth(rules: [{allow: owner}, {allow: public, operations: [read]}]) { id: ID! }");

        var model = schema.GetModel("Note");
        Assert.Equal(["owner", "public"], model.AuthRules.Select(r => r.Allow));
        Assert.Equal(["read"], model.AuthRules[1].Operations);
        Assert.True(model.GetField("owner").IsImplicit);
    }

    [Theory]
    [InlineData("type Post @model { id: ID! title: Strin }", 1, 28, "unknown-type")]
    [InlineData("type Post @model {\n  id: ID!\n  title: String @searchable\n}", 3, 17, "unsupported-directive")]
    [InlineData("type Post @model { id: ID! title: String! ", 1, 43, "syntax")]
    [InlineData("type Post @model { id: ID! }\ntype Post @model { id: ID! }", 2, 1, "duplicate-type")]
    [InlineData("type Post @model { id: ID! n: Int @default(value: \"abc\") }", 1, 28, "default-value")]
    [InlineData("type A @model { id: ID! b: B @belongsTo }\ntype B @model { id: ID! }", 1, 25, "belongs-to")]
    [InlineData("type A @model { k: String @primaryKey }", 1, 17, "primary-key")]
    [InlineData("type A @model { id: ID! b: B }\ntype B @model { id: ID! }", 1, 25, "relationship-directive")]
    [InlineData("type A @model { id: ID! _x: Int }", 1, 25, "reserved-field")]
    [InlineData("type A { id: ID! }", 1, 1, "no-models")]
    [InlineData("type A @model { id: ID! grid: [[Int]] }", 1, 25, "nested-list")]
    [InlineData("type Query { hello: String getA(id: ID!): A }\ntype A @model { id: ID! }", 1, 28, "duplicate-field")]
    public void Invalid_schema_names_the_line_column_and_rule(string sdl, int line, int column, string rule)
    {
        var error = Assert.Throws<SchemaException>(() => SchemaParser.Parse(sdl));

        Assert.Equal(rule, error.Rule);
        Assert.Equal(new SourcePosition(line, column), error.Position);
        Assert.Contains($"line {line}, column {column}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Post", "Posts")]
    [InlineData("Category", "Categories")]
    [InlineData("Address", "Addresses")]
    [InlineData("Person", "People")]
    [InlineData("Status", "Statuses")]
    [InlineData("PostTags", "PostTags")]
    [InlineData("Day", "Days")]
    [InlineData("Box", "Boxes")]
    [InlineData("Datum", "Data")]
    [InlineData("Index", "Indices")]
    [InlineData("Cactus", "Cacti")]
    [InlineData("Shelf", "Shelves")]
    [InlineData("Hero", "Heroes")]
    [InlineData("Quiz", "Quizzes")]
    [InlineData("Canvas", "Canvas")]
    [InlineData("MyPerson", "MyPeople")]
    [InlineData("SeaMouse", "SeaMouses")]
    [InlineData("Staff", "Staff")]
    [InlineData("Criterion", "Criteria")]
    [InlineData("URL", "URLS")]
    [InlineData("GPS", "GPS")]
    public void Plurals_follow_amplify(string singular, string plural) => Assert.Equal(plural, Pluralizer.Pluralize(singular));
}
