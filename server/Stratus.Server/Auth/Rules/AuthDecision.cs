using Stratus.Schema.Filters;

namespace Stratus.Server.Auth.Rules;

/// <summary>
/// The outcome of the <c>@auth</c> rules for one caller and operation: denied, allowed, or allowed only for the
/// items that match <see cref="RowFilter"/> (owner and dynamic group rules), applied in SQL for reads.
/// </summary>
public sealed record AuthDecision(bool Allowed, FilterNode? RowFilter)
{
    public static AuthDecision Deny { get; } = new(false, null);

    public static AuthDecision Allow { get; } = new(true, null);

    public static AuthDecision AllowIf(FilterNode filter) => new(true, filter);

    /// <summary>Combines the caller's own filter with the row filter, both of which must hold.</summary>
    public FilterNode? And(FilterNode? filter) =>
        RowFilter is null ? filter : filter is null ? RowFilter : new AndFilter([filter, RowFilter]);
}
