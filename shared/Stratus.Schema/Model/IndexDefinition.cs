namespace Stratus.Schema.Model;

/// <summary>An <c>@index</c>: a secondary key, optionally exposed as a query field.</summary>
public sealed record IndexDefinition
{
    public required string Name { get; init; }

    public required string PartitionField { get; init; }

    public IReadOnlyList<string> SortKeyFields { get; init; } = [];

    public string? QueryField { get; init; }
}
