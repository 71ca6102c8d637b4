using System.Net;
using System.Text.Json.Nodes;

namespace Stratus.Server.Tests.Infrastructure;

/// <summary>An HTTP response from <c>POST /graphql</c>, parsed.</summary>
public sealed record GraphqlResponse(HttpStatusCode Status, JsonObject Body)
{
    public JsonNode? Data(string field) => Body["data"]?[field];

    public JsonArray Errors => Body["errors"] as JsonArray ?? [];

    public JsonObject SingleError => Errors.Count == 1 && Errors[0] is JsonObject error
        ? error
        : throw new InvalidOperationException($"Expected exactly one error, got: {Body.ToJsonString()}");

    public string? ErrorType => Errors.Count > 0 ? Errors[0]?["errorType"]?.GetValue<string>() : null;

    /// <summary>Fails with the whole body when the response has errors.</summary>
    public GraphqlResponse Ok()
    {
        return Status == HttpStatusCode.OK && Errors.Count == 0
            ? this
            : throw new InvalidOperationException($"Expected success, got {(int)Status}: {Body.ToJsonString()}");
    }
}
