using Stratus.Schema.AppSync;
using Stratus.Schema.AppSync.Errors;
using Stratus.Schema.Filters;

namespace Stratus.Server.Realtime;

/// <summary>
/// The bounds AppSync puts on a subscription's <c>filter</c>: <c>in</c>/<c>notIn</c> take at most 5 values, and the
/// filter, written as alternatives of conditions that must all hold (AppSync's filter groups), has at most 10
/// alternatives. The messages start with the texts amplify-js recognises, so its DataStore falls back to
/// subscribing without the filter and filtering events itself.
/// </summary>
internal static class SubscriptionFilterLimits
{
    public const int MaxListValues = 5;
    public const int MaxAlternatives = 10;

    /// <exception cref="AppSyncException">The filter breaks a bound (<c>ValidationError</c>).</exception>
    public static void Check(FilterNode? filter)
    {
        if (filter is null)
        {
            return;
        }

        if (Lists(filter).FirstOrDefault(f => f.Values.Count > MaxListValues) is { } wide)
        {
            throw new AppSyncException("ValidationError",
                $"{SubscriptionFilterRejection.AttributesLimit}: '{(wide.Operator == FilterOperator.In ? "in" : "notIn")}' on '{wide.Field}' has {wide.Values.Count} values; a subscription filter takes at most {MaxListValues}.");
        }

        var alternatives = Alternatives(filter);
        if (alternatives > MaxAlternatives)
        {
            throw new AppSyncException("ValidationError",
                $"{SubscriptionFilterRejection.CombinationLimit}: the filter has {(alternatives > 1000 ? "more than 1,000" : alternatives.ToString(System.Globalization.CultureInfo.InvariantCulture))} alternatives; a subscription filter has at most {MaxAlternatives}.");
        }
    }

    private static IEnumerable<FieldFilter> Lists(FilterNode node) => node switch
    {
        FieldFilter { Operator: FilterOperator.In or FilterOperator.NotIn } f => [f],
        AndFilter a => a.Children.SelectMany(Lists),
        OrFilter o => o.Children.SelectMany(Lists),
        NotFilter n => Lists(n.Child),
        _ => [],
    };

    /// <summary>How many alternatives the filter has once written as an or of ands (saturating, so it never overflows).</summary>
    private static long Alternatives(FilterNode node) => node switch
    {
        AndFilter a => a.Children.Aggregate(1L, (product, child) => Math.Min(product * Alternatives(child), 1_000_001)),
        OrFilter o => Math.Min(o.Children.Sum(Alternatives), 1_000_001),
        NotFilter n => Alternatives(n.Child),
        FieldFilter { Operator: FilterOperator.In } f => f.Values.Count,
        _ => 1,
    };
}
