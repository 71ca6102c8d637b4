namespace Stratus.Schema.Model;

/// <summary>An <c>@index</c>: a secondary key, optionally exposed as a query field.</summary>
public sealed record IndexDefinition
{
    public required string Name { get; init; }

    public required string PartitionField { get; init; }

    public IReadOnlyList<string> SortKeyFields { get; init; } = [];

    /// <summary>The query field: as declared, else the transformer's automatic name; null when declared as null.</summary>
    public string? QueryField { get; init; }

    /// <summary>Whether <c>queryField:</c> was written (model introspection lists only those).</summary>
    public bool QueryFieldDeclared { get; init; }
}
