namespace Stratus.Schema.Filters;

/// <summary>
/// A parsed <c>Model*FilterInput</c> / <c>Model*ConditionInput</c> / subscription filter.
/// Null semantics, the same everywhere (server SQL, subscription filters, the client's local queries):
/// a null or absent value never equals anything and is never ordered against anything; so <c>eq</c>, <c>lt</c>,
/// <c>between</c>, <c>contains</c>, <c>beginsWith</c> are false on it, while <c>ne</c> and <c>notContains</c> are
/// true on it; <c>attributeExists: false</c> matches it; <c>eq: null</c> matches only it and <c>ne: null</c> only a value.
/// </summary>
public abstract record FilterNode;

public sealed record AndFilter(IReadOnlyList<FilterNode> Children) : FilterNode;

public sealed record OrFilter(IReadOnlyList<FilterNode> Children) : FilterNode;

public sealed record NotFilter(FilterNode Child) : FilterNode;

/// <summary>
/// A filter on the records related through a relationship field (<c>post.blog.name eq "x"</c>): true when a related
/// record matches (for hasMany: when any child matches). AppSync filters have no such form, so only the client's
/// local queries accept it.
/// </summary>
public sealed record RelatedFilter(string Relationship, FilterNode Filter) : FilterNode;

/// <summary>One operator on one field; <see cref="Values"/> holds one value, or two for <c>between</c>, or many for <c>in</c>.</summary>
public sealed record FieldFilter(string Field, FilterOperator Operator, IReadOnlyList<object?> Values) : FilterNode
{
    public object? Value => Values.Count > 0 ? Values[0] : null;
}

public enum FilterOperator
{
    Eq,
    Ne,
    Le,
    Lt,
    Ge,
    Gt,
    Contains,
    NotContains,
    Between,
    BeginsWith,
    AttributeExists,
    In,
    NotIn,
}
