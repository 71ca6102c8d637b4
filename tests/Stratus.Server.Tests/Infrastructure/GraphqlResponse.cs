using System.Net;
using System.Text.Json.Nodes;

namespace Stratus.Server.Tests.Infrastructure;

/// <summary>An HTTP response from <c>POST /graphql</c>, parsed.</summary>
public sealed record GraphqlResponse(HttpStatusCode Status, JsonObject Body)
{
    public JsonNode? Data(string field) => Body["data"]?[field];

    public JsonArray Errors => Body["errors"] as JsonArray ?? [];

    public JsonObject SingleError => Assert.IsType<JsonObject>(Assert.Single(Errors));

    public string? ErrorType => Errors.Count > 0 ? Errors[0]?["errorType"]?.GetValue<string>() : null;

    /// <summary>Fails with the whole body when the response has errors.</summary>
    public GraphqlResponse Ok()
    {
        Assert.True(Status == HttpStatusCode.OK && Errors.Count == 0, $"Expected success, got {(int)Status}: {Body.ToJsonString()}");
        return this;
    }
}
