using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Stratus.Testing.Faults;

/// <summary>GraphQL requests from the kit to its own server, through the same endpoint and rules as any client.</summary>
internal sealed class LoopbackGraphql : IDisposable
{
    private HttpClient? _http;

    public void Bind(Uri baseAddress) => _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Posts a document with the credentials in <paramref name="headers"/> (<c>x-api-key</c> or <c>Authorization</c>).</summary>
    public async Task<JsonObject> PostAsync(string query, JsonObject? variables, IHeaderDictionary headers, CancellationToken cancellationToken)
    {
        var credentials = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in new[] { "x-api-key", "Authorization" })
        {
            if (headers.TryGetValue(name, out var value) && value.ToString() is { Length: > 0 } text)
            {
                credentials[name] = text;
            }
        }

        return await PostAsync(query, variables, credentials, cancellationToken);
    }

    public async Task<JsonObject> PostAsync(string query, JsonObject? variables, IReadOnlyDictionary<string, string> credentials, CancellationToken cancellationToken)
    {
        var http = _http ?? throw new InvalidOperationException("The test server has not started yet.");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new JsonObject { ["query"] = query, ["variables"] = variables?.DeepClone() }) };
        foreach (var (name, value) in credentials)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"The server answered HTTP {(int)response.StatusCode} with something that is not a GraphQL response: {text}");
    }

    public void Dispose() => _http?.Dispose();
}
