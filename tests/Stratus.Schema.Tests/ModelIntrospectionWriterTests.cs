using System.Text.Json.Nodes;
using Stratus.Schema.Introspection;
using Stratus.Schema.Parsing;

namespace Stratus.Schema.Tests;

public sealed class ModelIntrospectionWriterTests
{
    [Fact]
    public void Post_and_comment_match_amplify_codegen_shape()
    {
        var schema = SchemaParser.Parse("""
            enum Status { DRAFT PUBLISHED }
            type Post @model { id: ID! title: String! status: Status comments: [Comment] @hasMany }
            type Comment @model { id: ID! content: String post: Post @belongsTo }
            """);

        var json = JsonNode.Parse(ModelIntrospectionWriter.Write(schema))!;

        Assert.Equal(1, json["version"]!.GetValue<int>());
        var post = json["models"]!["Post"]!;
        Assert.Equal("Posts", post["pluralName"]!.GetValue<string>());
        Assert.True(post["syncable"]!.GetValue<bool>());
        Assert.Equal("""{"connectionType":"HAS_MANY","associatedWith":["postCommentsId"]}""", post["fields"]!["comments"]!["association"]!.ToJsonString());
        Assert.Equal("""{"model":"Comment"}""", post["fields"]!["comments"]!["type"]!.ToJsonString());
        Assert.Equal("""{"enum":"Status"}""", post["fields"]!["status"]!["type"]!.ToJsonString());
        Assert.True(post["fields"]!["createdAt"]!["isReadOnly"]!.GetValue<bool>());
        Assert.False(post["fields"]!["createdAt"]!["isRequired"]!.GetValue<bool>());
        Assert.Equal("""{"isCustomPrimaryKey":false,"primaryKeyFieldName":"id","sortKeyFieldNames":[]}""", post["primaryKeyInfo"]!.ToJsonString());
        var comment = json["models"]!["Comment"]!;
        Assert.Equal("""{"connectionType":"BELONGS_TO","targetNames":["postCommentsId"]}""", comment["fields"]!["post"]!["association"]!.ToJsonString());
        Assert.Equal("ID", comment["fields"]!["postCommentsId"]!["type"]!.GetValue<string>());
        Assert.Equal("""["DRAFT","PUBLISHED"]""", json["enums"]!["Status"]!["values"]!.ToJsonString());
    }

    [Fact]
    public void Custom_primary_key_and_index_become_key_attributes()
    {
        var schema = SchemaParser.Parse("type Reading @model { sensor: String! @primaryKey(sortKeyFields: [\"at\"]) at: Int! kind: String @index(name: \"byKind\", queryField: \"readingsByKind\") }");

        var reading = JsonNode.Parse(ModelIntrospectionWriter.Write(schema))!["models"]!["Reading"]!;

        Assert.Equal("""[{"type":"model","properties":{}},{"type":"key","properties":{"fields":["sensor","at"]}},{"type":"key","properties":{"name":"byKind","queryField":"readingsByKind","fields":["kind"]}}]""",
            reading["attributes"]!.ToJsonString());
        Assert.Equal("""{"isCustomPrimaryKey":true,"primaryKeyFieldName":"sensor","sortKeyFieldNames":["at"]}""", reading["primaryKeyInfo"]!.ToJsonString());
    }
}
