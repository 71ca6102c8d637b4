using System.Globalization;
using GraphQLParser.AST;
using Stratus.Server.Hosting;

namespace Stratus.Server.Graphql.Limits;

/// <summary>
/// What a parsed document may cost before the engine validates it, so no document can make validation or execution
/// blow up: AST nodes as written, fields in any one selection set, directives, and fields once every fragment is
/// expanded. An expansion is computed once per fragment and reused for every spread of it, so a document of
/// fragments that each spread the next twice is measured in linear time, not in the exponential time that expanding
/// it would take. Each limit is a <see cref="StratusOptions"/> property, named in the answer.
/// </summary>
internal sealed class DocumentBudget(StratusOptions options)
{
    /// <summary>The first limit the document breaks, as the message to answer with; null when it is within all.</summary>
    public string? Check(GraphQLDocument document)
    {
        var walk = new Walk(options);
        foreach (var definition in document.Definitions)
        {
            walk.Definition(definition);
            if (walk.Violation is not null)
            {
                return walk.Violation;
            }
        }

        if (walk.Directives > options.MaxDirectives)
        {
            return Exceeded("directives", walk.Directives, options.MaxDirectives, nameof(StratusOptions.MaxDirectives));
        }

        if (walk.Nodes > options.MaxDocumentNodes)
        {
            return Exceeded("nodes", walk.Nodes, options.MaxDocumentNodes, nameof(StratusOptions.MaxDocumentNodes));
        }

        var expansion = new Expansion(document, options.MaxExpandedFields);
        foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
        {
            var fields = expansion.Of(operation.SelectionSet);
            if (fields > options.MaxExpandedFields)
            {
                return $"The operation selects more than {Number(options.MaxExpandedFields)} fields once its fragments are expanded; the limit is {Number(options.MaxExpandedFields)} ({nameof(StratusOptions.MaxExpandedFields)}).";
            }
        }

        return null;
    }

    private static string Exceeded(string what, long count, int limit, string option) =>
        $"The document has {Number(count)} {what}; the limit is {Number(limit)} ({option}).";

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Counts nodes and directives as written, and checks each selection set's size on the way.</summary>
    private sealed class Walk(StratusOptions options)
    {
        public long Nodes { get; private set; }

        public long Directives { get; private set; }

        public string? Violation { get; private set; }

        public void Definition(ASTNode definition)
        {
            Nodes++;
            switch (definition)
            {
                case GraphQLOperationDefinition operation:
                    Count(operation.Directives);
                    foreach (var variable in operation.Variables?.Items ?? [])
                    {
                        Nodes++;
                        Count(variable.Directives);
                        Value(variable.DefaultValue);
                    }

                    Selections(operation.SelectionSet);
                    break;
                case GraphQLFragmentDefinition fragment:
                    Count(fragment.Directives);
                    Selections(fragment.SelectionSet);
                    break;
            }
        }

        private void Selections(GraphQLSelectionSet? set)
        {
            if (set is null || Violation is not null)
            {
                return;
            }

            if (set.Selections.Count > options.MaxSelectionFields)
            {
                Violation = $"A selection set has {Number(set.Selections.Count)} selections; the limit is {Number(options.MaxSelectionFields)} ({nameof(StratusOptions.MaxSelectionFields)}).";
                return;
            }

            foreach (var selection in set.Selections)
            {
                Nodes++;
                switch (selection)
                {
                    case GraphQLField field:
                        Count(field.Directives);
                        Arguments(field.Arguments);
                        Selections(field.SelectionSet);
                        break;
                    case GraphQLFragmentSpread spread:
                        Count(spread.Directives);
                        break;
                    case GraphQLInlineFragment inline:
                        Count(inline.Directives);
                        Selections(inline.SelectionSet);
                        break;
                }
            }
        }

        private void Count(GraphQLDirectives? directives)
        {
            foreach (var directive in directives?.Items ?? [])
            {
                Directives++;
                Nodes++;
                Arguments(directive.Arguments);
            }
        }

        private void Arguments(GraphQLArguments? arguments)
        {
            foreach (var argument in arguments?.Items ?? [])
            {
                Nodes++;
                Value(argument.Value);
            }
        }

        private void Value(GraphQLValue? value)
        {
            Nodes++;
            switch (value)
            {
                case GraphQLListValue list:
                    foreach (var item in list.Values ?? [])
                    {
                        Value(item);
                    }

                    break;
                case GraphQLObjectValue obj:
                    foreach (var field in obj.Fields ?? [])
                    {
                        Value(field.Value);
                    }

                    break;
            }
        }
    }

    /// <summary>Fields of a selection set with fragments expanded, each fragment's count computed once; saturates past the limit.</summary>
    private sealed class Expansion(GraphQLDocument document, int limit)
    {
        private readonly Dictionary<string, GraphQLFragmentDefinition> _fragments = document.Definitions.OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        private readonly Dictionary<string, long> _counted = new(StringComparer.Ordinal);
        private readonly HashSet<string> _counting = new(StringComparer.Ordinal);

        public long Of(GraphQLSelectionSet? set)
        {
            long total = 0;
            foreach (var selection in set?.Selections ?? [])
            {
                total += selection switch
                {
                    GraphQLField field => 1 + Of(field.SelectionSet),
                    GraphQLInlineFragment inline => Of(inline.SelectionSet),
                    GraphQLFragmentSpread spread => Fragment(spread.FragmentName.Name.StringValue),
                    _ => 0,
                };
                if (total > limit)
                {
                    return limit + 1L;
                }
            }

            return total;
        }

        private long Fragment(string name)
        {
            if (_counted.TryGetValue(name, out var known))
            {
                return known;
            }

            // An unknown or cyclic fragment adds nothing here; validation rejects the document for it.
            if (!_fragments.TryGetValue(name, out var fragment) || !_counting.Add(name))
            {
                return 0;
            }

            var count = Of(fragment.SelectionSet);
            _counting.Remove(name);
            _counted[name] = count;
            return count;
        }
    }
}
