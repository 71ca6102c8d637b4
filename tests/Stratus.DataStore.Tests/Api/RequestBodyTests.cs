using Stratus.DataStore.Api;
using Stratus.DataStore.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Api;

/// <summary>What a request sends: AppSync's <c>{"query", "variables"}</c>, whatever form the variables were given in.</summary>
public sealed class RequestBodyTests
{
    [Theory]
    [InlineData("anonymous")]
    [InlineData("node")]
    [InlineData("none")]
    public async Task A_request_body_is_the_query_and_its_variables_with_camel_case_names(string variables)
    {
        string? received = null;
        await using var server = await OneAnswerServer.StartAsync("200 OK", "application/json", body =>
        {
            received = body;
            return "{\"data\":{\"x\":1}}";
        });
        using var http = new HttpClient();
        var client = new AppSyncClient(http, new AppSyncSettings(server.Url, AuthMode.ApiKey, "da2-k"));
        object? sent = variables switch
        {
            "anonymous" => new { Input = new { Title = "é \"q\"", Rating = 5 } },
            "node" => new System.Text.Json.Nodes.JsonObject { ["input"] = new System.Text.Json.Nodes.JsonObject { ["title"] = "é \"q\"", ["rating"] = 5 } },
            _ => null,
        };

        var result = await client.SendAsync(AuthMode.ApiKey, "query Q { x }", sent);

        Assert.Equal(1, result!.Data!["x"]!.GetValue<int>());
        var json = System.Text.Json.Nodes.JsonNode.Parse(received!)!;
        Assert.Equal("query Q { x }", json["query"]!.GetValue<string>());
        Assert.Equal(
            variables == "none" ? "null" : "{\"input\":{\"title\":\"é \\\"q\\\"\",\"rating\":5}}",
            json["variables"]?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null");
    }
}
