namespace Stratus.Schema.Model;

/// <summary>One field of a model or non-model type, as declared or as the transformer adds it.</summary>
public sealed record FieldDefinition
{
    public required string Name { get; init; }

    /// <summary>The named type: a scalar name, an enum, a non-model type or a model.</summary>
    public required string TypeName { get; init; }

    public required FieldKind Kind { get; init; }

    /// <summary>Set when <see cref="Kind"/> is <see cref="FieldKind.Scalar"/>.</summary>
    public ScalarType? Scalar { get; init; }

    public bool IsRequired { get; init; }

    public bool IsList { get; init; }

    /// <summary>For lists: whether the elements are non-null (<c>[String!]</c>).</summary>
    public bool IsListElementRequired { get; init; }

    /// <summary>Added by the transformer (timestamps, implicit foreign keys), not written in the SDL.</summary>
    public bool IsImplicit { get; init; }

    /// <summary>Managed by the server (createdAt/updatedAt); never taken from a client unless declared.</summary>
    public bool IsReadOnly { get; init; }

    /// <summary>The value of <c>@default(value:)</c>, as written.</summary>
    public string? DefaultValue { get; init; }

    public RelationshipDefinition? Relationship { get; init; }

    public IReadOnlyList<AuthRule> AuthRules { get; init; } = [];

    /// <summary>1-based position in the SDL, for error messages.</summary>
    public SourcePosition Position { get; init; }

    /// <summary>The GraphQL type reference as written in SDL, e.g. <c>[String!]!</c>.</summary>
    public string GraphQLType
    {
        get
        {
            var inner = IsList ? $"[{TypeName}{(IsListElementRequired ? "!" : "")}]" : TypeName;
            return IsRequired ? inner + "!" : inner;
        }
    }
}
