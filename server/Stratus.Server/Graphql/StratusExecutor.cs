using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using Stratus.Schema.AppSync.Errors;
using Stratus.Server.Graphql.Limits;
using Stratus.Server.Hosting;

namespace Stratus.Server.Graphql;

/// <summary>
/// Runs a GraphQL request against the generated schema the same way for HTTP and the real-time endpoint: a bounded
/// cost (<see cref="DocumentBudget"/>, a wall-clock budget, capped errors), the spec's validation rules plus depth
/// and complexity limits that follow fragments (so a crafted query cannot explode the
/// response tree), <see cref="AppSyncException"/>s answered as AppSync errors, and other resolver
/// errors logged and answered as <c>InternalFailure</c>.
/// </summary>
internal sealed class StratusExecutor(ISchema schema, IDocumentExecuter executer, IOptions<StratusOptions> options, TimeProvider time, ShutdownDrain drain, PreparedDocuments documents, Observability.RequestLoad load, ILogger<StratusExecutor> logger)
{
    private readonly IValidationRule[] _rules =
    [
        .. DocumentValidator.CoreRules,
        new ComplexityValidationRule(new ComplexityOptions
        {
            MaxDepth = options.Value.MaxQueryDepth,
            MaxComplexity = options.Value.MaxQueryComplexity,
        }),
        .. options.Value.Introspection ? Array.Empty<IValidationRule>() : [NoIntrospectionValidationRule.Instance],
    ];

    /// <summary>For operations that only introspect: bounded by <see cref="DocumentBudget"/>, not by complexity.</summary>
    private readonly IValidationRule[] _introspectionRules = [.. DocumentValidator.CoreRules];

    /// <summary>
    /// Runs the request within its limits: the document is measured before the engine validates it (and, sent again,
    /// taken prepared and validated from <see cref="PreparedDocuments"/>), a query or mutation is cancelled past
    /// <see cref="StratusOptions.MaxExecutionSeconds"/>, when the caller goes away or the server's shutdown drain
    /// ends, and the answer carries at most <see cref="StratusOptions.MaxErrors"/> errors.
    /// </summary>
    public async Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, IDictionary<string, object?> userContext, IServiceProvider? services, CancellationToken cancellationToken)
    {
        using var running = load.Track();
        var limits = options.Value;
        var prepared = request.Query is { } query ? documents.Prepare(query, request.OperationName) : null;
        if (prepared?.Refusal is { } refusal)
        {
            return Refused(refusal.ErrorType, refusal.Message);
        }

        // A subscription's stream lives on after this call, bound to the caller's token alone.
        if (prepared is { IsSubscription: true })
        {
            return Capped(await RunAsync(request, prepared, userContext, services, cancellationToken).ConfigureAwait(false));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(limits.MaxExecutionSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, drain.Expired, timeout.Token);
        try
        {
            return Capped(await RunAsync(request, prepared, userContext, services, linked.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Refused("ExecutionTimeout", $"The request ran longer than {limits.MaxExecutionSeconds} s and was cancelled ({nameof(StratusOptions.MaxExecutionSeconds)}).");
        }
        catch (OperationCanceledException) when (drain.Expired.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Refused("ServiceUnavailableException", $"The server stopped before the request finished ({nameof(StratusOptions.ShutdownDrainSeconds)} is {limits.ShutdownDrainSeconds}); its unfinished writes were rolled back.");
        }
    }

    /// <summary>
    /// Whether the request's operation is a subscription, from its prepared document; one that cannot be read (a
    /// syntax error, a broken limit) counts as one, so executing it answers why.
    /// </summary>
    public bool MaySubscribe(GraphQLRequest request) =>
        request.Query is not { } query || documents.Prepare(query, request.OperationName) is not { Document: not null } prepared || prepared.IsSubscription;

    private const string ValidationError = "ValidationError";

    private async Task<ExecutionResult> RunAsync(GraphQLRequest request, PreparedDocument? prepared, IDictionary<string, object?> userContext, IServiceProvider? services, CancellationToken cancellationToken)
    {
        var rules = prepared is { Validated: true } ? []
            : options.Value.Introspection && prepared is { IntrospectsOnly: true } ? _introspectionRules
            : _rules;
        var result = await RunAsync(request, prepared?.Document, userContext, services, rules, cancellationToken).ConfigureAwait(false);
        if (result.Executed)
        {
            prepared?.MarkValidated();
        }

        return result;
    }

    private Task<ExecutionResult> RunAsync(GraphQLRequest request, GraphQLDocument? document, IDictionary<string, object?> userContext, IServiceProvider? services, IValidationRule[] rules, CancellationToken cancellationToken) =>
        executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = schema,
            Query = request.Query,
            Document = document,
            Variables = request.Variables,
            OperationName = request.OperationName,
            RequestServices = services,
            UserContext = userContext,
            CancellationToken = cancellationToken,
            ThrowOnUnhandledException = false,
            ValidationRules = rules,
            UnhandledExceptionDelegate = context =>
            {
                // An AppSyncException is an answer (a conflict, a refused write), not a failure of the server.
                if (context.OriginalException is not AppSyncException)
                {
                    logger.UnhandledResolverError(context.OriginalException, context.Context?.Operation?.Name?.StringValue);
                }

                return Task.CompletedTask;
            },
        });

    /// <summary>An answer that runs nothing: one error of <paramref name="errorType"/>.</summary>
    private static ExecutionResult Refused(string errorType, string message) =>
        new() { Errors = [new ExecutionError(message, new AppSyncException(errorType, message))] };

    private ExecutionResult Capped(ExecutionResult result)
    {
        var max = options.Value.MaxErrors;
        if (result.Errors is not { } errors || errors.Count <= max)
        {
            return result;
        }

        var message = $"{errors.Count - max:N0} more errors were left out ({nameof(StratusOptions.MaxErrors)} is {max:N0}).";
        var kept = new ExecutionErrors();
        kept.AddRange(errors.Take(max));
        kept.Add(new ExecutionError(message, new AppSyncException("TooManyErrors", message)));
        result.Errors = kept;
        return result;
    }
}
