namespace Stratus.Schema.Model;

/// <summary>A type without <c>@model</c>: embedded in items, gets an input type of the same shape.</summary>
public sealed record NonModelDefinition(string Name, IReadOnlyList<FieldDefinition> Fields)
{
    /// <summary>The interfaces the type implements, as written.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];
}
