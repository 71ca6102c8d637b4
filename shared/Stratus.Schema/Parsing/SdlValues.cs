using System.Globalization;
using GraphQLParser;
using GraphQLParser.AST;
using Stratus.Schema.Model;

namespace Stratus.Schema.Parsing;

/// <summary>Reads directive arguments and positions out of the GraphQL AST.</summary>
internal sealed class SdlValues(ROM source)
{
    public SourcePosition PositionOf(ASTNode node)
    {
        var location = Location.FromLinearPosition(source, node.Location.Start);
        return new SourcePosition(location.Line, location.Column);
    }

    public static object? ToValue(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => s.Value.ToString(),
        GraphQLBooleanValue b => b.BoolValue,
        GraphQLIntValue i => long.Parse(i.Value.ToString(), CultureInfo.InvariantCulture),
        GraphQLFloatValue f => double.Parse(f.Value.ToString(), CultureInfo.InvariantCulture),
        GraphQLEnumValue e => e.Name.StringValue,
        GraphQLNullValue => null,
        GraphQLListValue l => (l.Values ?? []).Select(ToValue).ToList(),
        GraphQLObjectValue o => (o.Fields ?? []).ToDictionary(f => f.Name.StringValue, f => ToValue(f.Value)),
        _ => value.ToString(),
    };

    /// <summary>A type reference as written: the named type (the innermost one of nested lists) and its non-null parts.</summary>
    public static TypeReference TypeOf(GraphQLType type)
    {
        var required = type is GraphQLNonNullType;
        var inner = type is GraphQLNonNullType outer ? outer.Type : type;
        if (inner is not GraphQLListType list)
        {
            return new TypeReference(((GraphQLNamedType)inner).Name.StringValue, false, required, false);
        }

        var element = list.Type;
        var elementRequired = element is GraphQLNonNullType;
        while (element is not GraphQLNamedType)
        {
            element = element is GraphQLNonNullType n ? n.Type : ((GraphQLListType)element).Type;
        }

        return new TypeReference(((GraphQLNamedType)element).Name.StringValue, true, required, elementRequired);
    }

    public static GraphQLDirective? Find(IHasDirectivesNode node, string name) =>
        node.Directives?.Items.FirstOrDefault(d => d.Name.StringValue == name);

    public static bool Has(GraphQLDirective directive, string argument) =>
        directive.Arguments?.Items.Any(a => a.Name.StringValue == argument) == true;

    public static object? Argument(GraphQLDirective directive, string argument)
    {
        var found = directive.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == argument);
        return found is null ? null : ToValue(found.Value);
    }

    public IReadOnlyList<string> StringList(GraphQLDirective directive, string argument)
    {
        return Argument(directive, argument) switch
        {
            null => [],
            string single => [single],
            List<object?> list when list.All(v => v is string) => list.Cast<string>().ToList(),
            _ => throw new SchemaException(PositionOf(directive), "directive-argument",
                $"@{directive.Name.StringValue}({argument}:) must be a list of field names."),
        };
    }

    public string? String(GraphQLDirective directive, string argument)
    {
        return Argument(directive, argument) switch
        {
            null => null,
            string s => s,
            _ => throw new SchemaException(PositionOf(directive), "directive-argument",
                $"@{directive.Name.StringValue}({argument}:) must be a string."),
        };
    }
}
