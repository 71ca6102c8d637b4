using Stratus.Schema.AppSync;
using Stratus.Schema.Parsing;

namespace Stratus.Schema.Tests;

/// <summary>The documents a DataStore client sends, to the letter of what amplify-js 6.22.1 sent (amplify-js-wire.md §1–2).</summary>
public sealed class ClientDocumentsTests
{
    private static readonly Model.ModelSchema Schema = SchemaParser.Parse("""
        type Memo @model {
          id: ID!
          text: String!
          priority: Int
          labels: [String]
        }
        """);

    private static Model.ModelDefinition Memo => Schema.GetModel("Memo");

    [Fact]
    public void The_sync_query_is_the_one_amplify_js_sends()
    {
        Assert.Equal("""
            query operation($limit: Int, $nextToken: String, $lastSync: AWSTimestamp, $filter: ModelMemoFilterInput) {
              syncMemos(
                limit: $limit
                nextToken: $nextToken
                lastSync: $lastSync
                filter: $filter
              ) {
                items {
                  id
                  text
                  priority
                  labels
                  createdAt
                  updatedAt
                  _version
                  _lastChangedAt
                  _deleted
                }
                nextToken
                startedAt
              }
            }

            """, ClientDocuments.Sync(Schema, Memo));
    }

    [Fact]
    public void Create_update_and_delete_take_input_and_a_condition_as_amplify_js_sends_them()
    {
        const string Selection = "    id\n    text\n    priority\n    labels\n    createdAt\n    updatedAt\n    _version\n    _lastChangedAt\n    _deleted\n";
        Assert.Equal($"mutation operation($input: CreateMemoInput!) {{\n  createMemo(input: $input) {{\n{Selection}  }}\n}}\n", ClientDocuments.Create(Schema, Memo));
        Assert.Equal($"mutation operation($input: UpdateMemoInput!, $condition: ModelMemoConditionInput) {{\n  updateMemo(input: $input, condition: $condition) {{\n{Selection}  }}\n}}\n", ClientDocuments.Update(Schema, Memo));
        Assert.Equal($"mutation operation($input: DeleteMemoInput!, $condition: ModelMemoConditionInput) {{\n  deleteMemo(input: $input, condition: $condition) {{\n{Selection}  }}\n}}\n", ClientDocuments.Delete(Schema, Memo));
        Assert.Equal($"query operation($id: ID!) {{\n  getMemo(id: $id) {{\n{Selection}  }}\n}}\n", ClientDocuments.Get(Schema, Memo));
    }

    [Fact]
    public void Subscriptions_have_no_variables_unless_a_filter_or_owner_is_asked_for()
    {
        Assert.StartsWith("subscription operation {\n  onCreateMemo {\n    id\n", ClientDocuments.Subscription(Schema, Memo, SubscriptionKind.OnCreate));
        Assert.StartsWith("subscription operation($filter: ModelSubscriptionMemoFilterInput, $owner: String!) {\n  onDeleteMemo(filter: $filter, owner: $owner) {\n",
            ClientDocuments.Subscription(Schema, Memo, SubscriptionKind.OnDelete, withFilter: true, ownerField: "owner"));
    }

    [Fact]
    public void Inputs_leave_out_the_server_set_timestamps_and_implicit_owner_fields()
    {
        var schema = SchemaParser.Parse("type Note @model @auth(rules: [{allow: owner}]) { id: ID! body: String }");

        Assert.Equal(["id", "body"], ClientDocuments.InputFields(schema.GetModel("Note")).Select(f => f.Name));
        Assert.Contains("    owner\n    _version", ClientDocuments.Create(schema, schema.GetModel("Note")));
    }

    [Fact]
    public void Non_model_fields_are_selected_with_their_own_fields()
    {
        var schema = SchemaParser.Parse("type Place { name: String geo: Geo } type Geo { lat: Float lng: Float } type Shop @model { id: ID! place: Place }");

        Assert.Contains("    place {\n      name\n      geo {\n        lat\n        lng\n      }\n    }\n    _version", ClientDocuments.Create(schema, schema.GetModel("Shop")));
    }
}
