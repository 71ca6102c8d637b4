using Stratus.Schema.Model;
using Stratus.Schema.Parsing;

namespace Stratus.Schema.AppSync;

/// <summary>
/// The sort-key argument of a list or index query field. One sort key field is filtered with its scalar
/// key-condition input; several are combined into one argument named by joining the field names
/// (<c>statusCreatedAt</c>) whose type is a generated composite key condition input.
/// </summary>
public sealed record SortKeyArgument(string ArgumentName, string InputType, IReadOnlyList<string> Fields, string? CompositeKeyInputType)
{
    public static SortKeyArgument? For(ModelDefinition model, IReadOnlyList<string> sortKeyFields, string? indexName)
    {
        if (sortKeyFields.Count == 0)
        {
            return null;
        }

        if (sortKeyFields.Count == 1)
        {
            return new SortKeyArgument(sortKeyFields[0], FilterInputNames.KeyCondition(model.GetField(sortKeyFields[0])), sortKeyFields, null);
        }

        var name = sortKeyFields[0] + string.Concat(sortKeyFields.Skip(1).Select(Names.UpperFirst));
        var stem = indexName is null ? $"Model{model.Name}Primary" : $"Model{model.Name}{Names.UpperFirst(indexName)}";
        return new SortKeyArgument(name, stem + "CompositeKeyConditionInput", sortKeyFields, stem + "CompositeKeyInput");
    }
}
