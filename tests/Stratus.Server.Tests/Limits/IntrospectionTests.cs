using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.SyncApi;

namespace Stratus.Server.Tests.Limits;

/// <summary>
/// The standard introspection query (what GraphiQL, Postman, Apollo tooling and codegen send) is answered, as
/// AppSync answers it; <c>--introspection false</c> refuses it and leaves ordinary queries alone.
/// </summary>
public sealed class IntrospectionTests : SyncApiTestBase
{
    /// <summary>graphql-js's <c>getIntrospectionQuery()</c> with its default options.</summary>
    public const string StandardQuery = """
        query IntrospectionQuery {
          __schema {
            queryType { name }
            mutationType { name }
            subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind
          name
          description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """;

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    [Fact]
    public async Task The_standard_introspection_query_is_answered()
    {
        var response = (await Server.PostAsync(StandardQuery)).Ok();

        var schema = response.Data("__schema")!;
        Assert.Equal(("Query", "Mutation", "Subscription"), (schema["queryType"]!["name"]!.GetValue<string>(), schema["mutationType"]!["name"]!.GetValue<string>(), schema["subscriptionType"]!["name"]!.GetValue<string>()));
        var post = schema["types"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "Post")!;
        Assert.Contains(post["fields"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "_version");
    }

    [Fact]
    public async Task With_introspection_off_it_is_refused_and_ordinary_queries_still_run()
    {
        await RestartAsync(o => o.Introspection = false);

        var refused = await Server.PostAsync(StandardQuery);
        var type = await Server.PostAsync("{ __type(name: \"Post\") { name } }");
        var ordinary = await Server.PostAsync("{ listPosts { items { __typename id } } }");

        Assert.Equal("ValidationError", refused.ErrorType);
        Assert.Null(refused.Body["data"]);
        Assert.Equal("ValidationError", type.ErrorType);
        ordinary.Ok();
    }

    [Fact]
    public async Task Introspection_mixed_with_data_fields_is_held_to_the_complexity_limit()
    {
        await RestartAsync(o => o.MaxQueryComplexity = 10);

        var mixed = await Server.PostAsync("{ __schema { types { name fields { name } } } listPosts { items { id title } } }");

        Assert.Equal("ValidationError", mixed.ErrorType);
        Assert.Contains("complex", mixed.SingleError["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }
}
