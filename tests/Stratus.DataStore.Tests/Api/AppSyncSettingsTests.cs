using Stratus.DataStore.Api;

namespace Stratus.DataStore.Tests.Api;

public sealed class AppSyncSettingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stratus-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Reads_the_flat_aws_exports_keys()
    {
        var settings = AppSyncSettings.Load(Write("""
            {"aws_appsync_graphqlEndpoint": "https://abc.appsync-api.eu-west-1.amazonaws.com/graphql", "aws_appsync_region": "eu-west-1",
             "aws_appsync_authenticationType": "API_KEY", "aws_appsync_apiKey": "da2-key"}
            """));

        Assert.Equal(new AppSyncSettings(new Uri("https://abc.appsync-api.eu-west-1.amazonaws.com/graphql"), AuthMode.ApiKey, "da2-key", "eu-west-1"), settings);
    }

    [Fact]
    public void Reads_the_api_plugin_section_of_amplifyconfiguration()
    {
        var settings = AppSyncSettings.Load(Write("""
            {"api": {"plugins": {"awsAPIPlugin": {"myapi": {"endpointType": "GraphQL", "endpoint": "http://127.0.0.1:8080/graphql",
             "region": "us-east-1", "authorizationType": "OPENID_CONNECT"}}}}}
            """));

        Assert.Equal((AuthMode.OpenIdConnect, "http://127.0.0.1:8080/graphql", null), (settings.DefaultAuthMode, settings.Endpoint.ToString(), settings.ApiKey));
    }

    [Fact]
    public void Picks_the_GraphQL_api_when_REST_apis_are_listed_too()
    {
        var settings = AppSyncSettings.Load(Write("""
            {"api": {"plugins": {"awsAPIPlugin": {
              "rest": {"endpointType": "REST", "endpoint": "https://rest.example.com/prod", "authorizationType": "AWS_IAM"},
              "gql": {"endpointType": "GraphQL", "endpoint": "https://gql.example.com/graphql", "authorizationType": "API_KEY", "apiKey": "da2-k"}}}}}
            """));

        Assert.Equal(("https://gql.example.com/graphql", AuthMode.ApiKey), (settings.Endpoint.ToString(), settings.DefaultAuthMode));
    }

    [Theory]
    [InlineData("""{"aws_appsync_graphqlEndpoint": 42}""", "'aws_appsync_graphqlEndpoint' must be a string")]
    [InlineData("""{"aws_appsync_graphqlEndpoint": "not a url"}""", "not an absolute URL")]
    [InlineData("""{"aws_appsync_graphqlEndpoint": "https://x/graphql", "aws_appsync_authenticationType": "MAGIC"}""", "Unknown AppSync authentication type 'MAGIC'")]
    [InlineData("""{"aws_appsync_graphqlEndpoint": "https://x/graphql", "aws_appsync_authenticationType": "API_KEY"}""", "there is no API key")]
    [InlineData("""{"auth": {}}""", "names no GraphQL API")]
    public void A_config_that_cannot_work_says_what_is_wrong(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => AppSyncSettings.Load(Write(json)));

        Assert.Contains(message, error.Message);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
