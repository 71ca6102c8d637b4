using System.Buffers.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Stratus.DataStore.Api;
using Stratus.DataStore.Events;
using Stratus.DataStore.Models;
using Stratus.DataStore.Sync.Conflicts;
using Stratus.Schema.AppSync;
using Stratus.Schema.Filters;

namespace Stratus.DataStore.Sync.Subscriptions;

/// <summary>
/// The live side of sync (datastore-client.md §3.7): onCreate/onUpdate/onDelete per model on one real-time
/// connection, each with the model's selective-sync filter and, for owner rules, the owner argument. Events that
/// arrive before <see cref="Release"/> (during the sync that follows a connect) wait in order and are merged
/// after it; every event is checked against the sync expression again. When the server refuses a subscription
/// filter (too many values or alternatives), the model subscribes without it and its events are filtered here, as
/// amplify-js does. A model whose subscriptions are refused otherwise is reported and the others go on.
/// </summary>
internal sealed class SubscriptionProcessor(StratusDataStore store, SyncApi api, RemoteMerger merger, EventHub events, IReadOnlyDictionary<string, FilterNode?> expressions, ILogger logger) : IAsyncDisposable
{
    private static readonly SubscriptionKind[] Kinds = [SubscriptionKind.OnCreate, SubscriptionKind.OnUpdate, SubscriptionKind.OnDelete];
    private readonly Channel<(ModelInfo Model, JsonObject Item)> _events = Channel.CreateUnbounded<(ModelInfo, JsonObject)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, (ModelInfo Model, string Field)> _subscriptions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private RealtimeSession? _session;
    private Task? _apply;

    /// <summary>Completes when the connection ends.</summary>
    public Task<string> Closed => _session?.Closed ?? Task.FromResult("not connected");

    /// <summary>Connects and starts every subscription; true when all were acknowledged.</summary>
    public async Task<bool> StartAsync(CancellationToken cancellationToken)
    {
        var options = store.Options;
        var now = store.Time.GetUtcNow();
        var header = await api.Client.RealtimeAuthorizationAsync(options.AppSync!.DefaultAuthMode, now, cancellationToken).ConfigureAwait(false)
            ?? await FirstAuthorizationAsync(now, cancellationToken).ConfigureAwait(false)
            ?? throw new RealtimeSubscriptionException(AppSyncErrorType.Unauthorized, "no credentials for the real-time connection");
        _session = new RealtimeSession(options.RealtimeSocket?.Invoke() ?? new ClientWebSocketConnection(options.ConfigureWebSocket), store.Time, options.Retry.RealtimeAckTimeout, logger, OnData);
        await _session.OpenAsync(RealtimeUrl.For(api.Endpoint), header, cancellationToken).ConfigureAwait(false);
        var all = true;
        foreach (var info in store.Catalog.Models.Where(m => m.Definition.Operations.OnCreate is not null))
        {
            all &= await SubscribeModelAsync(info, now, cancellationToken).ConfigureAwait(false);
        }

        return all;
    }

    /// <summary>Starts merging events: the ones held back so far first, in arrival order.</summary>
    public void Release() => _apply ??= Task.Run(ApplyAsync, CancellationToken.None);

    private async Task<bool> SubscribeModelAsync(ModelInfo info, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var model = info.Definition;
        expressions.TryGetValue(info.Name, out var expression);
        foreach (var mode in await api.Client.AuthModesAsync(model, "listen", cancellationToken).ConfigureAwait(false))
        {
            if (await api.Client.RealtimeAuthorizationAsync(mode, now, cancellationToken).ConfigureAwait(false) is not { } authorization)
            {
                continue;
            }

            var owner = await OwnerArgumentAsync(info, mode, cancellationToken).ConfigureAwait(false);
            try
            {
                try
                {
                    await SubscribeKindsAsync(info, expression, owner, authorization, cancellationToken).ConfigureAwait(false);
                }
                catch (RealtimeSubscriptionException refused) when (expression is not null && SubscriptionFilterRejection.IsRejection(refused.Message) && !_session!.Closed.IsCompleted)
                {
                    // As amplify-js does: the events come unfiltered and are checked against the expression here.
                    logger.LogWarning(EventIds.SubscriptionRefused, "The server refused the subscription filter of {Model} ({Message}); subscribing without it and filtering events locally", model.Name, refused.Message);
                    await SubscribeKindsAsync(info, null, owner, authorization, cancellationToken).ConfigureAwait(false);
                }

                return true;
            }
            catch (RealtimeSubscriptionException refused) when (refused.ErrorType is AppSyncErrorType.Unauthorized or AppSyncErrorType.UnauthorizedException)
            {
                logger.LogDebug(EventIds.AuthModeRejected, "Subscriptions of {Model} were refused with {AuthMode}; trying the next mode", model.Name, mode);
            }
            catch (RealtimeSubscriptionException refused) when (!_session!.Closed.IsCompleted)
            {
                logger.LogWarning(EventIds.SubscriptionRefused, "Subscriptions of {Model} were refused: {Message}", model.Name, refused.Message);
                await events.ErrorAsync(new SyncError(SyncProcess.Subscribe, model.Name, refused.ErrorType, refused.Message), cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        logger.LogWarning(EventIds.SubscriptionRefused, "No auth mode lets this client subscribe to {Model}; its changes arrive by sync only", model.Name);
        await events.ErrorAsync(new SyncError(SyncProcess.Subscribe, model.Name, AppSyncErrorType.Unauthorized, "no auth mode allows listening"), cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>onCreate, onUpdate and onDelete of one model, with the filter (when given) and the owner argument.</summary>
    private async Task SubscribeKindsAsync(ModelInfo info, FilterNode? filter, (string Field, string Value)? owner, JsonObject authorization, CancellationToken cancellationToken)
    {
        var model = info.Definition;
        foreach (var kind in Kinds)
        {
            var variables = new JsonObject();
            if (filter is not null)
            {
                variables["filter"] = FilterJson.ToJson(filter);
            }

            if (owner is { } o)
            {
                variables[o.Field] = o.Value;
            }

            var id = Guid.NewGuid().ToString();
            var field = kind switch
            {
                SubscriptionKind.OnCreate => model.Operations.OnCreate!,
                SubscriptionKind.OnUpdate => model.Operations.OnUpdate!,
                _ => model.Operations.OnDelete!,
            };
            lock (_subscriptions)
            {
                _subscriptions[id] = (info, field);
            }

            var query = ClientDocuments.Subscription(store.Catalog.Schema, model, kind, filter is not null, owner?.Field);
            await _session!.SubscribeAsync(id, query, variables, authorization, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The owner argument amplify-js adds (sync/processors/subscription.ts): for a JWT mode, when the model's only
    /// way to listen is an owner rule on a single owner field, the token's identity claim (<c>sub::username</c> by default).
    /// </summary>
    private async Task<(string Field, string Value)?> OwnerArgumentAsync(ModelInfo info, AuthMode mode, CancellationToken cancellationToken)
    {
        if (mode is not (AuthMode.AmazonCognitoUserPools or AuthMode.OpenIdConnect))
        {
            return null;
        }

        var rules = info.Definition.AuthRules.Where(r => r.Grants("listen")).ToList();
        var owner = rules.FirstOrDefault(r => r.Allow == "owner" && info.Definition.FindField(r.OwnerField!)?.IsList != true);
        if (owner is null || rules.Any(r => r.Allow is "public" or "private" or "groups"))
        {
            return null;
        }

        var token = await api.Client.TokenAsync(mode, cancellationToken).ConfigureAwait(false);
        var claims = token is null ? null : JwtClaims(token);
        if (claims is null)
        {
            return null;
        }

        var claim = owner.IdentityClaim ?? "sub::username";
        var value = claim == "sub::username"
            ? (claims["sub"]?.ToString() is { } sub && (claims["username"] ?? claims["cognito:username"])?.ToString() is { } user ? $"{sub}::{user}" : null)
            : claims[claim]?.ToString();
        return value is null ? null : (owner.OwnerField!, value);
    }

    private static JsonObject? JwtClaims(string token)
    {
        var parts = token.Split('.');
        if (parts.Length < 2)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
        }
        catch (Exception error) when (error is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<JsonObject?> FirstAuthorizationAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var mode in Enum.GetValues<AuthMode>())
        {
            if (await api.Client.RealtimeAuthorizationAsync(mode, now, cancellationToken).ConfigureAwait(false) is { } header)
            {
                return header;
            }
        }

        return null;
    }

    private void OnData(string id, JsonObject payload)
    {
        (ModelInfo Model, string Field) subscription;
        lock (_subscriptions)
        {
            if (!_subscriptions.TryGetValue(id, out subscription))
            {
                return;
            }
        }

        if (payload["errors"] is JsonArray { Count: > 0 } errors)
        {
            logger.LogWarning(EventIds.SubscriptionEventSkipped, "A {Model} event came with errors and was skipped: {Message}", subscription.Model.Name, Pull.ModelPuller.FirstMessage(errors));
            return;
        }

        if (payload["data"]?[subscription.Field] is not JsonObject item)
        {
            return;
        }

        expressions.TryGetValue(subscription.Model.Name, out var expression);
        if (FilterEvaluator.Matches(expression, item))
        {
            _events.Writer.TryWrite((subscription.Model, item));
        }
    }

    private async Task ApplyAsync()
    {
        try
        {
            await foreach (var (model, item) in _events.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await merger.MergeAsync(model, [item], _stop.Token).ConfigureAwait(false);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    logger.LogError(EventIds.SubscriptionEventSkipped, error, "A {Model} event could not be merged", model.Name);
                    await events.ErrorAsync(new SyncError(SyncProcess.Subscribe, model.Name, null, error.Message, RemoteRecord: item, Cause: error), _stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        if (_apply is not null)
        {
            // Events already received are merged before the processor goes.
            await _apply.ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_session is not null)
        {
            await _session.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
