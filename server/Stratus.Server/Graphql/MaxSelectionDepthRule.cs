using GraphQL.Validation;
using GraphQLParser.AST;

namespace Stratus.Server.Graphql;

/// <summary>Refuses documents whose selection sets nest deeper than the configured limit (<c>Stratus:MaxQueryDepth</c>).</summary>
internal sealed class MaxSelectionDepthRule(int maxDepth) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var depth = 0;
        var reported = false;
        INodeVisitor visitor = new MatchingNodeVisitor<GraphQLSelectionSet>(
            (node, ctx) =>
            {
                depth++;
                if (depth > maxDepth && !reported)
                {
                    reported = true;
                    ctx.ReportError(new ValidationError(ctx.Document.Source, "MaxDepth",
                        $"The query nests selections {depth} levels deep; the maximum is {maxDepth}.", node));
                }
            },
            (_, _) => depth--);
        return new(visitor);
    }
}
