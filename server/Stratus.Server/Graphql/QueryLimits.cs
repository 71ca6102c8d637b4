using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using Stratus.Server.Hosting;

namespace Stratus.Server.Graphql;

/// <summary>
/// The validation rules every document passes, over HTTP and on the real-time endpoint: the GraphQL spec's rules plus
/// depth and complexity limits that follow fragments, so a crafted query cannot explode the response tree.
/// </summary>
internal static class QueryLimits
{
    public static IEnumerable<IValidationRule> Rules(StratusOptions options) =>
        DocumentValidator.CoreRules.Append(new ComplexityValidationRule(new ComplexityOptions
        {
            MaxDepth = options.MaxQueryDepth,
            MaxComplexity = options.MaxQueryComplexity,
        }));
}
