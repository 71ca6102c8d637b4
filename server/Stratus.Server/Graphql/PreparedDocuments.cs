using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Stratus.Server.Graphql.Limits;
using Stratus.Server.Hosting;

namespace Stratus.Server.Graphql;

/// <summary>
/// Documents as the executor needs them, kept by their text (and operation name) in a bounded cache: parsed,
/// measured against the <see cref="DocumentBudget"/>, and, once one has passed validation, marked so that the same
/// text sent again skips parsing, measuring and validation (the schema does not change while the server runs, and
/// no validation rule depends on variables). The cache holds at most
/// <see cref="StratusOptions.DocumentCacheCharacters"/> characters of document text.
/// </summary>
internal sealed class PreparedDocuments(IOptions<StratusOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.DocumentCacheCharacters) });
    private readonly DocumentBudget _budget = new(options.Value);

    public PreparedDocument Prepare(string query, string? operationName)
    {
        var key = (operationName ?? "") + "\n" + query;
        if (_cache.TryGetValue(key, out PreparedDocument? known))
        {
            return known!;
        }

        var prepared = PrepareNew(query, operationName);
        _cache.Set(key, prepared, new MemoryCacheEntryOptions { Size = key.Length });
        return prepared;
    }

    private PreparedDocument PrepareNew(string query, string? operationName)
    {
        var limits = options.Value;
        if (query.Length > limits.MaxDocumentLength)
        {
            return PreparedDocument.Refused("ValidationError", $"The document is {query.Length:N0} characters long; the limit is {limits.MaxDocumentLength:N0} ({nameof(StratusOptions.MaxDocumentLength)}).");
        }

        GraphQLDocument document;
        try
        {
            document = Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = limits.MaxParseDepth });
        }
        catch (GraphQLMaxDepthExceededException)
        {
            return PreparedDocument.Refused("MalformedHttpRequestException", $"The document nests deeper than {limits.MaxParseDepth} levels ({nameof(StratusOptions.MaxParseDepth)}).");
        }
        catch (GraphQLSyntaxErrorException)
        {
            // The engine parses it again and answers with the error's location.
            return new PreparedDocument(null, null, false, false);
        }

        return _budget.Check(document) is { } violation
            ? PreparedDocument.Refused("ValidationError", violation)
            : new PreparedDocument(document, null, IsSubscription(document, operationName), IntrospectsOnly(document, operationName));
    }

    /// <summary>The operation a request runs: the named one, or the only one when no name is given (as GraphQL chooses).</summary>
    private static GraphQLOperationDefinition? Operation(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return operationName is null
            ? operations.Count == 1 ? operations[0] : null
            : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
    }

    private static bool IsSubscription(GraphQLDocument document, string? operationName) =>
        Operation(document, operationName)?.Operation == OperationType.Subscription;

    /// <summary>A query whose top-level fields (through fragments) are all introspection fields.</summary>
    private static bool IntrospectsOnly(GraphQLDocument document, string? operationName)
    {
        if (Operation(document, operationName) is not { Operation: OperationType.Query } operation)
        {
            return false;
        }

        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return Introspects(operation.SelectionSet);

        bool Introspects(GraphQLSelectionSet set) => set.Selections.All(selection => selection switch
        {
            GraphQLField field => field.Name.StringValue.StartsWith("__", StringComparison.Ordinal),
            GraphQLInlineFragment inline => Introspects(inline.SelectionSet),
            GraphQLFragmentSpread spread => fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment)
                && seen.Add(fragment.FragmentName.Name.StringValue) && Introspects(fragment.SelectionSet),
            _ => false,
        });
    }

    public void Dispose() => _cache.Dispose();
}

/// <summary>
/// One prepared document: the parsed document (null when the engine must report a syntax error), or the limit it
/// breaks; whether the chosen operation subscribes or only introspects; and whether it has passed validation.
/// </summary>
internal sealed class PreparedDocument(GraphQLDocument? document, (string ErrorType, string Message)? refusal, bool isSubscription, bool introspectsOnly)
{
    private volatile bool _validated;

    public GraphQLDocument? Document { get; } = document;

    public (string ErrorType, string Message)? Refusal { get; } = refusal;

    public bool IsSubscription { get; } = isSubscription;

    public bool IntrospectsOnly { get; } = introspectsOnly;

    public bool Validated => _validated;

    public void MarkValidated() => _validated = true;

    public static PreparedDocument Refused(string errorType, string message) => new(null, (errorType, message), false, false);
}
