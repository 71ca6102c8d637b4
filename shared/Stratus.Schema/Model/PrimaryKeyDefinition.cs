namespace Stratus.Schema.Model;

/// <summary>The model's key: <c>id</c> by default, or the <c>@primaryKey</c> field and its sort key fields.</summary>
public sealed record PrimaryKeyDefinition(string PartitionField, IReadOnlyList<string> SortKeyFields, bool IsCustom = false)
{
    public IEnumerable<string> AllFields => SortKeyFields.Prepend(PartitionField);

    public bool IsComposite => SortKeyFields.Count > 0;
}
