using System.Text.Json.Nodes;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Http;
using Stratus.Schema.AppSync;
using Stratus.Schema.AppSync.Errors;
using Stratus.Schema.Model;

namespace Stratus.Testing.Faults;

/// <summary>Applies <see cref="ServerFaults"/> in front of the Stratus endpoints.</summary>
internal sealed class FaultMiddleware(RequestDelegate next, ServerFaults faults, ModelSchema schema, LoopbackGraphql loopback)
{
    private readonly Dictionary<string, ModelDefinition> _mutations = schema.Models
        .SelectMany(m => new[] { m.Operations.Create, m.Operations.Update, m.Operations.Delete }.OfType<string>().Select(f => KeyValuePair.Create(f, m)))
        .ToDictionary(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        if (faults.IsOffline)
        {
            context.Abort();
            return;
        }

        if (faults.Latency is { } latency && latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, context.RequestAborted);
        }

        if (context.Request.Path.StartsWithSegments("/graphql/realtime"))
        {
            faults.Track(context);
            try
            {
                await next(context);
            }
            finally
            {
                faults.Untrack(context);
            }

            return;
        }

        if (faults.HasPendingMutationFailures && HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/graphql")
            && await FailureAsync(context) is { } failure)
        {
            context.Response.StatusCode = failure.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(failure.Body.ToJsonString(), context.RequestAborted);
            return;
        }

        await next(context);
    }

    /// <summary>The answer to a mutation a fault was asked for, or null to let the server handle the request.</summary>
    private async Task<(int Status, JsonObject Body)?> FailureAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        JsonObject? request;
        try
        {
            request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        finally
        {
            context.Request.Body.Position = 0;
        }

        if (request?["query"]?.GetValue<string>() is not { } query || Mutation(query, request["operationName"]?.GetValue<string>()) is not { } mutation)
        {
            return null;
        }

        foreach (var field in mutation.SelectionSet.Selections.OfType<GraphQLField>())
        {
            if (!_mutations.TryGetValue(field.Name.StringValue, out var model) || !faults.TryTakeMutationFailure(model.Name, out var errorType))
            {
                continue;
            }

            if (errorType == ServerFaults.Throttled)
            {
                return (StatusCodes.Status429TooManyRequests, new JsonObject
                {
                    ["errors"] = new JsonArray(new JsonObject { ["errorType"] = errorType, ["message"] = "Rate limit exceeded; retry later." }),
                });
            }

            var name = field.Alias?.Name.StringValue ?? field.Name.StringValue;
            var serverItem = errorType == ServerFaults.ConflictUnhandled
                ? await ServerItemAsync(context, model, request["variables"]?["input"] as JsonObject)
                : null;
            var (line, column) = LineAndColumn(query, field.Location.Start);
            var location = new JsonObject { ["line"] = line, ["column"] = column, ["sourceName"] = null };
            return (StatusCodes.Status200OK, new JsonObject
            {
                ["data"] = new JsonObject { [name] = null },
                ["errors"] = new JsonArray(new JsonObject
                {
                    ["path"] = new JsonArray(name),
                    ["data"] = serverItem,
                    ["errorType"] = errorType,
                    ["errorInfo"] = null,
                    ["locations"] = new JsonArray(location),
                    ["message"] = errorType switch
                    {
                        ServerFaults.ConflictUnhandled => ConflictUnhandledException.Text,
                        ServerFaults.Unauthorized => $"Not Authorized to access {field.Name.StringValue} on type Mutation",
                        _ => $"{errorType} (injected by the test server)",
                    },
                }),
            });
        }

        return null;
    }

    private static GraphQLOperationDefinition? Mutation(string query, string? operationName)
    {
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(query);
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            return null;
        }

        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var operation = operationName is null ? operations.Count == 1 ? operations[0] : null : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
        return operation?.Operation == OperationType.Mutation ? operation : null;
    }

    /// <summary>The item as the server holds it, read with the caller's own credentials (AppSync puts it in a conflict's error).</summary>
    private async Task<JsonNode?> ServerItemAsync(HttpContext context, ModelDefinition model, JsonObject? input)
    {
        if (input is null || model.Operations.Get is null || model.PrimaryKey.AllFields.Any(k => input[k] is null))
        {
            return null;
        }

        var variables = new JsonObject(model.PrimaryKey.AllFields.Select(k => KeyValuePair.Create(k, (JsonNode?)input[k]!.DeepClone())));
        var response = await loopback.PostAsync(ClientDocuments.Get(schema, model), variables, context.Request.Headers, context.RequestAborted);
        return response["data"]?[model.Operations.Get]?.DeepClone();
    }

    private static (int Line, int Column) LineAndColumn(string text, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            (line, column) = text[i] == '\n' ? (line + 1, 1) : (line, column + 1);
        }

        return (line, column);
    }
}
