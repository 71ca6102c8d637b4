namespace Stratus.Schema.Model;

/// <summary>An <c>@model</c> type with everything the transformer derives from it.</summary>
public sealed record ModelDefinition
{
    public required string Name { get; init; }

    /// <summary>Amplify's plural (Post -> Posts, Category -> Categories), used in list/sync names.</summary>
    public required string PluralName { get; init; }

    /// <summary>Declared fields followed by implicit ones (foreign keys, timestamps), in output order.</summary>
    public required IReadOnlyList<FieldDefinition> Fields { get; init; }

    public required PrimaryKeyDefinition PrimaryKey { get; init; }

    public IReadOnlyList<IndexDefinition> Indexes { get; init; } = [];

    public IReadOnlyList<AuthRule> AuthRules { get; init; } = [];

    public required OperationNames Operations { get; init; }

    /// <summary>The createdAt field name, or null when timestamps are off.</summary>
    public string? CreatedAtField { get; init; }

    /// <summary>The updatedAt field name, or null when timestamps are off.</summary>
    public string? UpdatedAtField { get; init; }

    /// <summary>The arguments of <c>@model(...)</c> as written (string, null, list and map values).</summary>
    public IReadOnlyDictionary<string, object?> ModelArguments { get; init; } = new Dictionary<string, object?>();

    /// <summary>True for the join model a <c>@manyToMany</c> creates.</summary>
    public bool IsJoinModel { get; init; }

    public SourcePosition Position { get; init; }

    public FieldDefinition? FindField(string name) => Fields.FirstOrDefault(f => f.Name == name);

    public FieldDefinition GetField(string name) =>
        FindField(name) ?? throw new KeyNotFoundException($"Model '{Name}' has no field '{name}'.");

    /// <summary>Fields stored in the item: everything but relationship fields.</summary>
    public IEnumerable<FieldDefinition> StoredFields => Fields.Where(f => f.Kind != FieldKind.Relationship);
}
