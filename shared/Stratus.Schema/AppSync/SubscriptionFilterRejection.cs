namespace Stratus.Schema.AppSync;

/// <summary>
/// The texts by which a client knows that AppSync refused a subscription's <c>filter</c> (appsync-protocol.md §3,
/// amplify-js <c>subscription.ts</c>): on any of them a DataStore subscribes again without the filter and filters
/// the events itself.
/// </summary>
public static class SubscriptionFilterRejection
{
    public const string AttributesLimit = "Filters exceed maximum attributes limit";
    public const string CombinationLimit = "Filters combination exceed maximum limit";

    private static readonly string[] Markers =
    [
        AttributesLimit,
        CombinationLimit,
        "UnknownArgument: Unknown field argument filter",
        "filter uses same fieldName multiple time",
        "The variables input contains a field name 'not'",
        "The variables input contains a field that is not defined for input object type",
    ];

    public static bool IsRejection(string? message) =>
        message is not null && Markers.Any(m => message.Contains(m, StringComparison.Ordinal));
}
