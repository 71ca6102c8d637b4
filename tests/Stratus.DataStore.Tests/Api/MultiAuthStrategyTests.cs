using Stratus.DataStore.Api;
using Stratus.Schema.Parsing;

namespace Stratus.DataStore.Tests.Api;

/// <summary>Amplify's multi-auth ordering (kind, then provider), limited to the rules that grant the operation.</summary>
public sealed class MultiAuthStrategyTests
{
    private static readonly Stratus.Schema.Model.ModelSchema Schema = SchemaParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Api", "auth.graphql")) + """
        type Everything @model @auth(rules: [
          { allow: public, provider: iam }, { allow: public }, { allow: private }, { allow: owner },
          { allow: custom }, { allow: groups, groups: ["a"], provider: oidc }]) { id: ID! }
        """);

    [Theory]
    [InlineData("Notice", "list", true, new[] { AuthMode.OpenIdConnect, AuthMode.ApiKey })]
    [InlineData("Notice", "list", false, new[] { AuthMode.ApiKey })]
    [InlineData("Board", "create", true, new[] { AuthMode.OpenIdConnect })]
    [InlineData("Board", "create", false, new AuthMode[0])]
    [InlineData("Board", "sync", false, new[] { AuthMode.ApiKey })]
    [InlineData("Diary", "sync", false, new AuthMode[0])]
    [InlineData("Everything", "update", true, new[] { AuthMode.AwsLambda, AuthMode.AmazonCognitoUserPools, AuthMode.OpenIdConnect, AuthMode.AwsIam, AuthMode.ApiKey })]
    [InlineData("Everything", "update", false, new[] { AuthMode.AwsLambda, AuthMode.AwsIam, AuthMode.ApiKey })]
    public void Modes_follow_the_rules_the_operation_and_the_sign_in_state(string model, string operation, bool signedIn, AuthMode[] expected)
    {
        Assert.Equal(expected, MultiAuthStrategy.For(Schema.GetModel(model), operation, signedIn));
    }
}
