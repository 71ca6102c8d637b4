namespace Stratus.Schema.Model;

/// <summary>What a field's named type refers to.</summary>
public enum FieldKind
{
    Scalar,
    Enum,
    /// <summary>A non-model (embedded) type, stored inside the item.</summary>
    Embedded,
    /// <summary>A relationship to another @model; not stored, resolved through a key.</summary>
    Relationship,
}
