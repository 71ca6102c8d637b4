using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Stratus.Schema.Model;

namespace Stratus.Schema.Parsing;

/// <summary>
/// Parses an Amplify-style SDL (<c>@model</c>, <c>@primaryKey</c>, <c>@index</c>, relationships, <c>@default</c>,
/// <c>@auth</c>) into a validated <see cref="ModelSchema"/>. Every failure is a <see cref="SchemaException"/>
/// naming the line, the column and the rule.
/// </summary>
public static class SchemaParser
{
    private static readonly HashSet<string> ReservedTypes = ["Query", "Mutation", "Subscription"];

    public static ModelSchema Parse(string sdl)
    {
        _ = sdl ?? throw new ArgumentNullException(nameof(sdl));
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(sdl, new ParserOptions { Ignore = IgnoreOptions.Comments });
        }
        catch (GraphQLParserException e)
        {
            throw new SchemaException(new SourcePosition(e.Location.Line, e.Location.Column), "syntax", e.Description);
        }

        var values = new SdlValues(sdl);
        var enums = new List<EnumDefinition>();
        var drafts = new List<TypeDraft>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var inputs = new List<InputDefinition>();
        var custom = new List<CustomField>();
        var customAt = new Dictionary<CustomField, SourcePosition>();
        var abstractTypes = new List<AbstractTypeDefinition>();

        foreach (var definition in document.Definitions)
        {
            var position = values.PositionOf(definition);
            switch (definition)
            {
                case GraphQLEnumTypeDefinition e:
                    Claim(seen, e.Name.StringValue, position);
                    enums.Add(new EnumDefinition(e.Name.StringValue, (e.Values?.Items ?? []).Select(v => v.Name.StringValue).ToList()));
                    break;
                case GraphQLObjectTypeDefinition o when ReservedTypes.Contains(o.Name.StringValue):
                    foreach (var field in o.Fields?.Items ?? [])
                    {
                        var customField = CustomOperations.Read(sdl, values, o.Name.StringValue, field, inputs);
                        custom.Add(customField);
                        customAt[customField] = values.PositionOf(field);
                    }

                    break;
                case GraphQLInputObjectTypeDefinition i:
                    Claim(seen, i.Name.StringValue, position);
                    inputs.Add(new InputDefinition(i.Name.StringValue, (i.Fields?.Items ?? []).Select(f => Slice(sdl, f)).ToList())
                    {
                        Typed = (i.Fields?.Items ?? []).Select(f => (f.Name.StringValue, SdlValues.TypeOf(f.Type))).ToList(),
                    });
                    break;
                case GraphQLInterfaceTypeDefinition or GraphQLUnionTypeDefinition:
                    var abstractName = ((GraphQLTypeDefinition)definition).Name.StringValue;
                    Claim(seen, abstractName, position);
                    abstractTypes.Add(new AbstractTypeDefinition(abstractName, Slice(sdl, definition)));
                    break;
                case GraphQLObjectTypeDefinition o:
                    Claim(seen, o.Name.StringValue, position);
                    drafts.Add(new TypeDraft
                    {
                        Name = o.Name.StringValue,
                        Node = o,
                        IsModel = SdlValues.Find(o, "model") is not null,
                        Position = position,
                    });
                    break;
                default:
                    throw new SchemaException(position, "unsupported-definition",
                        $"{definition.Kind} definitions are not supported; declare object types (with or without @model), enums, inputs, interfaces, unions and custom Query/Mutation/Subscription fields.");
            }
        }

        if (!drafts.Any(d => d.IsModel))
        {
            throw new SchemaException(new SourcePosition(1, 1), "no-models", "The schema declares no @model type.");
        }

        var context = new ParseContext(values, drafts, enums);
        new FieldReader(context).ReadAll();
        new KeyReader(context).ReadAll();
        new ManyToManyExpander(context).Expand();
        new RelationshipResolver(context).ResolveAll();
        var assembled = new ModelAssembler(context).Assemble();
        var generated = assembled.Models.SelectMany(m => new[] { m.Operations.Get, m.Operations.List, m.Operations.Sync, m.Operations.Create, m.Operations.Update, m.Operations.Delete, m.Operations.OnCreate, m.Operations.OnUpdate, m.Operations.OnDelete })
            .Concat(assembled.Models.SelectMany(m => m.Indexes.Select(i => i.QueryField)))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (custom.FirstOrDefault(f => generated.Contains(f.Name)) is { } clash)
        {
            throw new SchemaException(customAt[clash], "duplicate-field",
                $"{clash.RootType}.{clash.Name} is also generated from a @model type; rename the custom operation.");
        }

        return new ModelSchema(assembled.Models, assembled.Enums, assembled.NonModels, inputs, custom, abstractTypes);
    }

    /// <summary>The text of a definition as written.</summary>
    internal static string Slice(string sdl, ASTNode node) => sdl.Substring(node.Location.Start, node.Location.End - node.Location.Start);

    private static void Claim(HashSet<string> seen, string name, SourcePosition position)
    {
        if (!seen.Add(name))
        {
            throw new SchemaException(position, "duplicate-type", $"Type '{name}' is declared twice.");
        }

        if (Enum.TryParse<ScalarType>(name, out _))
        {
            throw new SchemaException(position, "reserved-name", $"'{name}' is a built-in scalar and cannot be redeclared.");
        }
    }
}

/// <summary>State shared by the parsing passes.</summary>
internal sealed class ParseContext(SdlValues values, List<TypeDraft> drafts, List<EnumDefinition> enums)
{
    public SdlValues Values { get; } = values;

    public List<TypeDraft> Drafts { get; } = drafts;

    public List<EnumDefinition> Enums { get; } = enums;

    public TypeDraft? Draft(string name) => Drafts.FirstOrDefault(d => d.Name == name);

    public IEnumerable<TypeDraft> Models => Drafts.Where(d => d.IsModel);
}
