using GraphQLParser.AST;
using Stratus.Schema.Model;

namespace Stratus.Schema.Parsing;

/// <summary>An object type between parsing and resolution: its AST node and the fields read so far.</summary>
internal sealed class TypeDraft
{
    public required string Name { get; init; }

    public required GraphQLObjectTypeDefinition? Node { get; init; }

    public required bool IsModel { get; init; }

    public bool IsJoinModel { get; init; }

    public required SourcePosition Position { get; init; }

    public List<FieldDraft> Fields { get; } = [];

    public List<IndexDefinition> Indexes { get; } = [];

    public PrimaryKeyDefinition? PrimaryKey { get; set; }

    public FieldDraft? Field(string name) => Fields.FirstOrDefault(f => f.Definition.Name == name);
}

/// <summary>A field with its AST node, so relationship directives can be read after all types are known.</summary>
internal sealed class FieldDraft
{
    public required FieldDefinition Definition { get; set; }

    public GraphQLFieldDefinition? Node { get; init; }
}
