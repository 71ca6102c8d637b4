using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Transport;
using Microsoft.EntityFrameworkCore;
using Stratus.Schema.Model;
using Stratus.Server.Auth;
using Stratus.Server.Hosting;
using Stratus.Server.Realtime;
using Stratus.Server.Storage;

namespace Stratus.Server.AdminConsole;

/// <summary>
/// <c>/console</c>: the web console's page and scripts (embedded in this assembly, nothing from a CDN) and its API
/// under <c>/console/api</c> and <c>/console/graphql</c>. Every request needs an admin (see
/// <see cref="ConsoleAuthenticator"/>) except the page and its assets, which hold no data; every request is an
/// audit line. The GraphQL editor and the data browser call the app's own <c>/graphql</c> with the credential the
/// admin chose to run as, so reads, edits and deletes take the normal path (versions, conflicts, subscriptions).
/// </summary>
public static partial class ConsoleEndpoints
{
    private const string AdminKey = "stratus.console.admin";

    public static IEndpointRouteBuilder MapStratusConsole(this IEndpointRouteBuilder endpoints)
    {
        var console = endpoints.MapGroup("/console").AddEndpointFilter(AuditAsync);
        console.MapGet("", (HttpContext http) => Asset(http, "index.html"));
        console.MapGet("/assets/{name}", (HttpContext http, string name) => Asset(http, name));

        var api = console.MapGroup("/api").AddEndpointFilter(RequireAdminAsync);
        api.MapGet("/session", (HttpContext http, ConsoleTokens tokens, ServerKeys keys) => Results.Json(new
        {
            admin = http.Items[AdminKey],
            testIssuer = tokens.Enabled,
            configuredApiKey = keys.ApiKey,
        }));
        api.MapGet("/models", (ModelSchema schema) => Results.Json(schema.Models.Select(m => new
        {
            name = m.Name,
            pluralName = m.PluralName,
            keyFields = m.PrimaryKey.AllFields,
            fields = m.StoredFields.Select(f => new { name = f.Name, type = f.TypeName, kind = f.Kind.ToString(), isList = f.IsList, isRequired = f.IsRequired }),
            inputFields = Stratus.Schema.AppSync.ClientDocuments.InputFields(m).Select(f => f.Name),
            operations = m.Operations,
        })));
        api.MapGet("/deltas", DeltasAsync);
        api.MapGet("/conflicts", async (ConflictLog log, string? model, string? outcome, int? limit, long? before, CancellationToken ct) =>
            Results.Json(await log.ListAsync(model, outcome, limit ?? 50, before, ct)));
        api.MapGet("/clients", (ClientActivity activity, TimeProvider time) => Results.Json(new { now = time.GetUtcNow().ToUnixTimeMilliseconds(), clients = activity.List() }));
        api.MapGet("/connections", (RealtimeConnections connections) => Results.Json(connections.List()));
        api.MapDelete("/connections/{id}", (string id, RealtimeConnections connections) =>
            connections.Disconnect(id) ? Results.NoContent() : Results.NotFound(new { message = $"No open connection {id}." }));
        api.MapGet("/metrics", (MetricsHistory metrics) => Results.Json(metrics.LastHour()));
        api.MapGet("/keys", async (ApiKeyStore keys, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            return Results.Json((await keys.ListAsync(ct)).Select(k => new
            {
                key = k.Key,
                description = k.Description,
                createdAt = k.CreatedAt,
                expiresAt = k.ExpiresAt,
                state = k.State(now),
            }));
        });
        api.MapPost("/keys", async (ApiKeyStore keys, TimeProvider time, KeyRequest? request, CancellationToken ct) =>
        {
            if (request?.ExpiresDays is < 1)
            {
                return Results.BadRequest(new { message = "expiresDays must be a positive whole number of days." });
            }

            var expires = request?.ExpiresDays is { } days ? time.GetUtcNow().AddDays(days) : (DateTimeOffset?)null;
            var created = await keys.CreateAsync(request?.Description, expires, ct);
            return Results.Json(new { key = created.Key, description = created.Description, expiresAt = created.ExpiresAt });
        });
        api.MapDelete("/keys/{key}", async (string key, ApiKeyStore keys, CancellationToken ct) =>
            await keys.RevokeAsync(key, ct) ? Results.NoContent() : Results.NotFound(new { message = "No such active API key." }));
        api.MapPost("/tokens", (ConsoleTokens tokens, TokenRequest request) =>
        {
            if (string.IsNullOrWhiteSpace(request.User))
            {
                return Results.BadRequest(new { message = "user is required." });
            }

            return tokens.Create(request.User, request.Groups ?? []) is { } token
                ? Results.Json(new { token })
                : Results.BadRequest(new { message = "No test issuer is configured: set Stratus:ConsoleTestSigningKey (--console-test-signing-key) to the issuer's private key in a test setup." });
        });
        console.MapPost("/graphql", AdminGraphqlAsync).AddEndpointFilter(RequireAdminAsync);
        return endpoints;
    }

    /// <summary>The delta rows of one item (its key fields as JSON), oldest first, while the delta table keeps them.</summary>
    private static async Task<IResult> DeltasAsync(ModelSchema schema, IDbContextFactory<StratusDbContext> contexts, string model, string key, CancellationToken cancellationToken)
    {
        var definition = schema.Models.FirstOrDefault(m => m.Name == model);
        if (definition is null)
        {
            return Results.NotFound(new { message = $"No model {model}." });
        }

        JsonObject? values;
        try
        {
            values = JsonNode.Parse(key) as JsonObject;
        }
        catch (JsonException)
        {
            values = null;
        }

        if (values is null || definition.PrimaryKey.AllFields.Any(f => values[f] is null))
        {
            return Results.BadRequest(new { message = $"key must be a JSON object with {string.Join(", ", definition.PrimaryKey.AllFields)}." });
        }

        var pk = ItemKey.Encode(definition, values);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Deltas.AsNoTracking().Where(d => d.Model == model && d.Pk == pk).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        return Results.Json(rows.Select(d => new { version = d.Version, deleted = d.Deleted, lastChangedAt = d.LastChangedAt, expiresAt = d.ExpiresAt, data = JsonNode.Parse(d.Data) }));
    }

    private static async Task AdminGraphqlAsync(HttpContext http, AdminGraphql admin, IGraphQLTextSerializer serializer)
    {
        GraphQLRequest? request;
        try
        {
            request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            request = null;
        }

        if (request?.Query is null)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsJsonAsync(new { errors = new[] { new { errorType = "MalformedHttpRequestException", message = "The body must be JSON with a \"query\" string and optional \"variables\" object." } } }, http.RequestAborted);
            return;
        }

        var result = await new DocumentExecuter().ExecuteAsync(o =>
        {
            o.Schema = admin.Schema;
            o.Query = request.Query;
            o.Variables = request.Variables;
            o.OperationName = request.OperationName;
            o.CancellationToken = http.RequestAborted;
        });
        http.Response.ContentType = "application/json; charset=UTF-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private static async ValueTask<object?> RequireAdminAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var admin = await http.RequestServices.GetRequiredService<ConsoleAuthenticator>().AuthenticateAsync(http.Request, http.RequestAborted);
        if (admin is null)
        {
            return Results.Json(new { errors = new[] { new { errorType = "UnauthorizedException", message = "The console needs an admin credential (stratus admin create) or a token in the console admin group; API keys do not open it." } } },
                statusCode: StatusCodes.Status401Unauthorized);
        }

        http.Items[AdminKey] = admin;
        return await next(context);
    }

    private static async ValueTask<object?> AuditAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await next(context);
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : http.Response.StatusCode;
        LogRequest(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Stratus.Console"),
            http.Request.Method, http.Request.Path, http.Items[AdminKey] as string ?? "anonymous", status);
        return result;
    }

    private static IResult Asset(HttpContext http, string name)
    {
        // Everything the page loads comes from this server.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
        var stream = typeof(ConsoleEndpoints).Assembly.GetManifestResourceStream("console/" + name);
        if (stream is null)
        {
            return Results.NotFound();
        }

        var type = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "application/octet-stream",
        };
        return Results.Stream(stream, type);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Console {Method} {Path} by {Admin}: {Status}")]
    private static partial void LogRequest(ILogger logger, string method, string path, string admin, int status);

    private sealed record KeyRequest(string? Description, int? ExpiresDays);

    private sealed record TokenRequest(string? User, string[]? Groups);
}
