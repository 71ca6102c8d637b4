using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using Microsoft.Extensions.Options;
using Stratus.Server.Auth;
using Stratus.Schema.AppSync.Errors;
using Stratus.Server.Hosting;

namespace Stratus.Server.Graphql;

/// <summary>
/// <c>POST /graphql</c>: AppSync's request/response JSON. Authentication failures are HTTP 401, a body that is not
/// a GraphQL request (or names a JSON property twice) is HTTP 400, an oversized body HTTP 413; everything else is HTTP 200 with <c>data</c> and
/// AppSync-shaped <c>errors</c>.
/// </summary>
internal sealed class GraphqlEndpoint(StratusExecutor executor, IGraphQLTextSerializer serializer, RequestAuthenticator auth, AdminConsole.ClientActivity activity, IOptions<StratusOptions> options)
{
    public async Task HandleAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        var caller = await auth.AuthenticateAsync(http.Request.Headers["x-api-key"], http.Request.Headers.Authorization, cancellationToken);
        if (caller.Failure is not null)
        {
            await WriteRequestErrorAsync(http, StatusCodes.Status401Unauthorized, UnauthorizedException.Type, caller.Failure, cancellationToken);
            return;
        }

        // The conflict log and the console's client view name the caller of the request running.
        http.Items[CallerKey] = caller.Identity;
        var limit = options.Value.MaxRequestBytes;
        if (http.Request.ContentLength > limit)
        {
            await WriteRequestErrorAsync(http, StatusCodes.Status413PayloadTooLarge, "PayloadTooLargeException", $"The request body is larger than {limit} bytes.", cancellationToken);
            return;
        }

        GraphQLRequest? request;
        try
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, cancellationToken);
            if (body.Length > limit)
            {
                await WriteRequestErrorAsync(http, StatusCodes.Status413PayloadTooLarge, "PayloadTooLargeException", $"The request body is larger than {limit} bytes.", cancellationToken);
                return;
            }

            if (StrictJson.Problem(body.GetBuffer().AsMemory(0, (int)body.Length)) is { } problem)
            {
                await WriteRequestErrorAsync(http, StatusCodes.Status400BadRequest, "MalformedHttpRequestException", "The body is not acceptable JSON: " + problem, cancellationToken);
                return;
            }

            body.Position = 0;
            request = await serializer.ReadAsync<GraphQLRequest>(body, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            request = null;
        }

        if (request?.Query is null)
        {
            await WriteRequestErrorAsync(http, StatusCodes.Status400BadRequest, "MalformedHttpRequestException", "The body must be JSON with a \"query\" string and optional \"variables\" object.", cancellationToken);
            return;
        }

        var result = await executor.ExecuteAsync(request, new Dictionary<string, object?> { [CallerKey] = caller.Identity }, http.RequestServices, cancellationToken);
        activity.Request(caller.Identity, result.Errors is { Count: > 0 });
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=UTF-8";
        await serializer.WriteAsync(http.Response.Body, result, cancellationToken);
    }

    /// <summary>Where resolvers find the caller's <see cref="CallerIdentity"/> in the user context.</summary>
    public const string CallerKey = "stratus.caller";

    private static async Task WriteRequestErrorAsync(HttpContext http, int status, string errorType, string message, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=UTF-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, new { errors = new[] { new { errorType, message } } }, cancellationToken: cancellationToken);
    }
}
