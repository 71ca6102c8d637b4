namespace Stratus.Schema.Model;

/// <summary>
/// A field the schema declares on <c>Query</c>, <c>Mutation</c> or <c>Subscription</c> itself (a custom operation,
/// which on AppSync runs its <c>@function</c> or <c>@http</c> data source): its root type, name and its SDL
/// (<c>name(args): Type</c>, its directives left out, as the transformer's output has it).
/// </summary>
public sealed record CustomField(string RootType, string Name, string Sdl);

/// <summary>An <c>input</c> type the schema declares itself (custom operations take them): its name and field lines as written.</summary>
public sealed record InputDefinition(string Name, IReadOnlyList<string> Fields);
