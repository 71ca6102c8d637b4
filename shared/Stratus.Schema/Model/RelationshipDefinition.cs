namespace Stratus.Schema.Model;

public enum RelationshipKind
{
    HasMany,
    HasOne,
    BelongsTo,
}

/// <summary>
/// A resolved relationship. For <see cref="RelationshipKind.HasMany"/> the related model's
/// <see cref="RelatedFields"/> hold this model's key; for HasOne and BelongsTo this model's
/// <see cref="LocalFields"/> hold the related model's key (Amplify transformer v2 semantics).
/// </summary>
public sealed record RelationshipDefinition
{
    public required RelationshipKind Kind { get; init; }

    public required string RelatedModel { get; init; }

    /// <summary>Fields of this model whose values are matched (the key for hasMany, the foreign key otherwise).</summary>
    public required IReadOnlyList<string> LocalFields { get; init; }

    /// <summary>Fields of the related model matched against <see cref="LocalFields"/>.</summary>
    public required IReadOnlyList<string> RelatedFields { get; init; }

    /// <summary>For hasMany: the related model's index used to query children.</summary>
    public string? IndexName { get; init; }
}
