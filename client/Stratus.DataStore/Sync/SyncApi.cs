using System.Text.Json.Nodes;
using Polly;
using Stratus.DataStore.Api;
using Stratus.DataStore.Exceptions;
using Stratus.DataStore.Models;
using Stratus.DataStore.Sync.Connectivity;
using Stratus.Schema.AppSync;
using Stratus.Schema.Model;

namespace Stratus.DataStore.Sync;

/// <summary>
/// The sync engine's view of the GraphQL API: every request goes through the auth-mode strategy and the retry
/// pipeline, and a server that stays unreachable becomes a <see cref="ServerUnreachableException"/>.
/// </summary>
internal sealed class SyncApi(AppSyncClient client, ResiliencePipeline<GraphqlResult> retry, Uri endpoint)
{
    public AppSyncClient Client => client;

    public Uri Endpoint => endpoint;

    // pooled: for a sync page, see GraphqlResult.Owner.
    public Task<GraphqlResult> SendAsync(ModelDefinition model, string operation, string query, object? variables, CancellationToken cancellationToken) =>
        SendAsync(model, operation, query, variables, pooled: false, cancellationToken);

    public async Task<GraphqlResult> SendAsync(ModelDefinition model, string operation, string query, object? variables, bool pooled, CancellationToken cancellationToken)
    {
        GraphqlResult result;
        try
        {
            result = await retry.ExecuteAsync(
                async token => await client.SendAsync(model, operation, query, variables, pooled, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (TransientFailures.IsTransient(error) && !cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnreachableException($"{endpoint} did not answer {operation} on {model.Name}: {error.Message}", error);
        }

        return TransientFailures.IsTransient(result)
            ? throw new ServerUnreachableException($"{endpoint} kept answering {result.ErrorType} to {operation} on {model.Name}")
            : result;
    }

    /// <summary>The server's copy of a record (<c>getX</c> by the key fields of <paramref name="record"/>), or null when it has none.</summary>
    public async Task<JsonObject?> GetAsync(ModelSchema schema, ModelInfo info, JsonObject record, CancellationToken cancellationToken)
    {
        if (info.Definition.Operations.Get is not { } field)
        {
            return null;
        }

        var variables = new JsonObject();
        foreach (var key in info.Definition.PrimaryKey.AllFields)
        {
            variables[key] = record[key]?.DeepClone();
        }

        var result = await SendAsync(info.Definition, "get", ClientDocuments.Get(schema, info.Definition), variables, cancellationToken).ConfigureAwait(false);
        return result.Data?[field] as JsonObject;
    }
}
