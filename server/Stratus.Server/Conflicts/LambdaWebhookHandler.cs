using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Stratus.Schema.AppSync.Errors;
using Stratus.Server.Hosting;

namespace Stratus.Server.Conflicts;

/// <summary>
/// <c>--lambda-url</c>: POSTs AppSync's Lambda conflict payload and reads <c>{"action":"RESOLVE","item":{...}}</c>,
/// <c>{"action":"REJECT"}</c> or <c>{"action":"REMOVE"}</c>. A handler that times out, fails or answers anything
/// else gives <c>ConflictError</c>, and nothing is written.
/// </summary>
public sealed class LambdaWebhookHandler(IHttpClientFactory clients, IOptions<StratusOptions> options) : IConflictHandler
{
    public async Task<ConflictResolution> ResolveAsync(ConflictRequest request, CancellationToken cancellationToken)
    {
        var url = options.Value.LambdaUrl ?? throw new ConflictHandlerFailedException("No conflict handler is configured: set --lambda-url or register an IConflictHandler.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.LambdaTimeout));
        JsonNode? body;
        try
        {
            using var http = clients.CreateClient(nameof(LambdaWebhookHandler));
            using var response = await http.PostAsJsonAsync(url, request.ToJson(), timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new ConflictHandlerFailedException($"The conflict handler at {url} answered HTTP {(int)response.StatusCode}.");
            }

            body = JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConflictHandlerFailedException($"The conflict handler at {url} did not answer within {options.Value.LambdaTimeout} s.");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            throw new ConflictHandlerFailedException($"The conflict handler at {url} failed: {e.Message}");
        }

        return Parse(body, url);
    }

    private static ConflictResolution Parse(JsonNode? body, string url)
    {
        var action = (body as JsonObject)?["action"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        return action switch
        {
            "RESOLVE" when body!["item"] is JsonObject item => ConflictResolution.Resolve((JsonObject)item.DeepClone()),
            "REJECT" => ConflictResolution.Reject,
            "REMOVE" => ConflictResolution.Remove,
            _ => throw new ConflictHandlerFailedException(
                $"The conflict handler at {url} answered {Truncate(body?.ToJsonString())}; expected {{\"action\":\"RESOLVE\",\"item\":{{...}}}}, {{\"action\":\"REJECT\"}} or {{\"action\":\"REMOVE\"}}."),
        };
    }

    private static string Truncate(string? text) => text is null ? "nothing" : text.Length > 200 ? text[..200] + "..." : text;
}
