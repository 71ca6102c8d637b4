using System.Text.RegularExpressions;
using GraphQLParser.AST;
using Stratus.Schema.Model;

namespace Stratus.Schema.Parsing;

/// <summary>
/// Reads a custom <c>Query</c>/<c>Mutation</c>/<c>Subscription</c> field as the transformer prints it: its
/// arguments and type, the <c>@aws_*</c> directives kept and the data-source ones (<c>@function</c>, <c>@http</c>)
/// dropped. An <c>@http</c> field's arguments become the transformer's inputs: the URL's <c>:name</c> parameters
/// as <c>params: {Type}{Field}ParamsInput!</c> (String! each), the other scalar arguments as <c>query:</c> (and, for
/// POST, PUT and PATCH, <c>body:</c>) inputs, whose fields are nullable unless the method is GET.
/// </summary>
internal static class CustomOperations
{
    public static CustomField Read(string sdl, SdlValues values, string rootType, GraphQLFieldDefinition field, List<InputDefinition> inputs)
    {
        var name = field.Name.StringValue;
        var written = (field.Arguments?.Items ?? []).Select(a => (a.Name.StringValue, SdlValues.TypeOf(a.Type))).ToList();
        var arguments = (field.Arguments?.Items ?? []).Select(a => SchemaParser.Slice(sdl, a)).ToList();
        if (SdlValues.Find(field, "http") is { } http)
        {
            arguments = HttpArguments(sdl, values, rootType, field, http, inputs);
        }

        var kept = (field.Directives?.Items ?? []).Where(d => d.Name.StringValue.StartsWith("aws_", StringComparison.Ordinal)).Select(d => " " + SchemaParser.Slice(sdl, d));
        var text = name + (arguments.Count > 0 ? "(" + string.Join(", ", arguments) + ")" : "") + ": " + SchemaParser.Slice(sdl, field.Type) + string.Concat(kept);
        return new CustomField(rootType, name, text) { ReturnType = SdlValues.TypeOf(field.Type), Arguments = written };
    }

    private static List<string> HttpArguments(string sdl, SdlValues values, string rootType, GraphQLFieldDefinition field, GraphQLDirective http, List<InputDefinition> inputs)
    {
        var url = SdlValues.Argument(http, "url") as string ?? "";
        if (!url.StartsWith("http://", StringComparison.Ordinal) && !url.StartsWith("https://", StringComparison.Ordinal))
        {
            throw new SchemaException(values.PositionOf(http), "http-url",
                $"{rootType}.{field.Name.StringValue}: @http needs url: beginning with http:// or https:// (got '{url}').");
        }

        var method = SdlValues.Argument(http, "method") as string ?? "GET";
        var prefix = Names.UpperFirst(rootType) + Names.UpperFirst(field.Name.StringValue);
        var path = UrlPath.Match(url) is { Success: true } m ? m.Groups[1].Value : "/";
        var parameters = PathParameter.Matches(path).Cast<Match>().Select(p => p.Value.Substring(1)).ToList();
        var result = new List<string>();
        if (parameters.Count > 0)
        {
            inputs.Add(new InputDefinition(prefix + "ParamsInput", parameters.Select(p => $"{p}: String!").ToList()) { IsGenerated = true });
            result.Add($"params: {prefix}ParamsInput!");
        }

        var rest = (field.Arguments?.Items ?? [])
            .Where(a => !parameters.Contains(a.Name.StringValue) && IsScalarReference(a.Type))
            .ToList();
        if (rest.Count > 0)
        {
            var nullable = method != "GET";
            var lines = rest.Select(a => a.Name.StringValue + ": " + (nullable && a.Type is GraphQLNonNullType n ? SchemaParser.Slice(sdl, n.Type) : SchemaParser.Slice(sdl, a.Type))).ToList();
            var required = lines.Any(l => l.EndsWith('!')) ? "!" : "";
            inputs.Add(new InputDefinition(prefix + "QueryInput", lines) { IsGenerated = true });
            result.Add($"query: {prefix}QueryInput{required}");
            if (method is "POST" or "PUT" or "PATCH")
            {
                inputs.Add(new InputDefinition(prefix + "BodyInput", rest.Select(a => a.Name.StringValue + ": " + (a.Type is GraphQLNonNullType b ? SchemaParser.Slice(sdl, b.Type) : SchemaParser.Slice(sdl, a.Type))).ToList()) { IsGenerated = true });
                result.Add($"body: {prefix}BodyInput{required}");
            }
        }

        return result;
    }

    /// <summary>A scalar (not a list or an input); the transformer keeps only those as query and body fields.</summary>
    private static bool IsScalarReference(GraphQLType type) =>
        (type is GraphQLNonNullType n ? n.Type : type) is GraphQLNamedType named && Enum.TryParse<ScalarType>(named.Name.StringValue, out _);

    /// <summary>The path of an http(s) URL: what follows the host, up to a query string.</summary>
    private static readonly Regex UrlPath = new(@"^https?://[^/]+(/[^?#]*)?", RegexOptions.CultureInvariant);

    private static readonly Regex PathParameter = new(@":\w+", RegexOptions.CultureInvariant);
}
