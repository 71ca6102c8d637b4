using Stratus.Schema.Model;

namespace Stratus.Server.Storage;

/// <summary>
/// A sort-key condition of a list or index query (<c>Model*KeyConditionInput</c>): <c>eq</c>, <c>le</c>, <c>lt</c>,
/// <c>ge</c>, <c>gt</c>, <c>between</c> or <c>beginsWith</c> over one or more sort key fields (composite keys compare
/// field by field, as DynamoDB compares the joined <c>a#b</c> key).
/// </summary>
public sealed record KeyCondition(string Operator, IReadOnlyList<FieldDefinition> Fields, IReadOnlyList<IReadOnlyList<object?>> Operands);

/// <summary>What a list, index or base-sync page reads.</summary>
public sealed record QuerySpec
{
    public Schema.Filters.FilterNode? Filter { get; init; }

    /// <summary>Equality on the partition field of the key or index being queried.</summary>
    public (FieldDefinition Field, object? Value)? Partition { get; init; }

    public KeyCondition? SortKey { get; init; }

    /// <summary>Sort key fields the page is ordered by (then by the encoded key); empty means key order.</summary>
    public IReadOnlyList<FieldDefinition> OrderBy { get; init; } = [];

    /// <summary>Fields that must be present (a secondary index holds only items that have its key fields).</summary>
    public IReadOnlyList<FieldDefinition> Required { get; init; } = [];

    public bool Descending { get; init; }

    public int Limit { get; init; } = 100;

    /// <summary>The order values and key of the last item of the previous page.</summary>
    public IReadOnlyList<object?>? After { get; init; }
}

/// <summary>A page of items and the cursor of its last item when more may follow.</summary>
public sealed record ItemPage(IReadOnlyList<StoredItem> Items, IReadOnlyList<object?>? LastCursor);
