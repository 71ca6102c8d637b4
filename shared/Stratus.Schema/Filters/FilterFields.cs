namespace Stratus.Schema.Filters;

/// <summary>The fields a filter reads (a related filter's own fields are the related model's, so not listed).</summary>
public static class FilterFields
{
    public static IEnumerable<string> Of(FilterNode? node) => node switch
    {
        FieldFilter f => [f.Field],
        AndFilter a => a.Children.SelectMany(Of),
        OrFilter o => o.Children.SelectMany(Of),
        NotFilter n => Of(n.Child),
        _ => [],
    };
}
