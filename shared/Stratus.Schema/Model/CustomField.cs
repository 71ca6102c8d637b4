namespace Stratus.Schema.Model;

/// <summary>
/// A field the schema declares on <c>Query</c>, <c>Mutation</c> or <c>Subscription</c> itself (a custom operation,
/// which on AppSync runs its <c>@function</c> or <c>@http</c> data source): its root type, name, its SDL as the
/// transformer prints it (<c>name(args): Type</c>, keeping <c>@aws_*</c> directives; an <c>@http</c> field takes its
/// generated <c>params</c>/<c>query</c>/<c>body</c> inputs), and its return type and arguments as written.
/// </summary>
public sealed record CustomField(string RootType, string Name, string Sdl)
{
    public TypeReference? ReturnType { get; init; }

    public IReadOnlyList<(string Name, TypeReference Type)> Arguments { get; init; } = [];
}

/// <summary>A GraphQL type reference: the named type, whether it is a list, and which parts are non-null.</summary>
public sealed record TypeReference(string TypeName, bool IsList, bool IsRequired, bool IsListElementRequired);

/// <summary>An <c>input</c> type the schema declares itself (custom operations take them): its name and field lines as written.</summary>
public sealed record InputDefinition(string Name, IReadOnlyList<string> Fields)
{
    /// <summary>The fields with their types, for the model introspection.</summary>
    public IReadOnlyList<(string Name, TypeReference Type)> Typed { get; init; } = [];

    /// <summary>Made by the transformer for an <c>@http</c> field (params, query, body), not declared by the schema.</summary>
    public bool IsGenerated { get; init; }
}

/// <summary>An <c>interface</c> or <c>union</c> the schema declares (custom operations return them): its name and definition as written.</summary>
public sealed record AbstractTypeDefinition(string Name, string Sdl);
