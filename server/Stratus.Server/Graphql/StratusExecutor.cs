using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using Microsoft.Extensions.Options;
using Stratus.Schema.AppSync.Errors;
using Stratus.Server.Hosting;

namespace Stratus.Server.Graphql;

/// <summary>
/// Runs a GraphQL request against the generated schema the same way for HTTP and the real-time endpoint: the spec's
/// validation rules plus depth and complexity limits that follow fragments (so a crafted query cannot explode the
/// response tree), <see cref="AppSyncException"/>s answered as AppSync errors, and other resolver
/// errors logged and answered as <c>InternalFailure</c>.
/// </summary>
internal sealed class StratusExecutor(ISchema schema, IDocumentExecuter executer, IOptions<StratusOptions> options, ILogger<StratusExecutor> logger)
{
    private readonly IValidationRule[] _rules =
    [
        .. DocumentValidator.CoreRules,
        new ComplexityValidationRule(new ComplexityOptions
        {
            MaxDepth = options.Value.MaxQueryDepth,
            MaxComplexity = options.Value.MaxQueryComplexity,
        }),
    ];

    public Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, IDictionary<string, object?> userContext, IServiceProvider? services, CancellationToken cancellationToken) =>
        executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = schema,
            Query = request.Query,
            Variables = request.Variables,
            OperationName = request.OperationName,
            RequestServices = services,
            UserContext = userContext,
            CancellationToken = cancellationToken,
            ThrowOnUnhandledException = false,
            ValidationRules = _rules,
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
}
