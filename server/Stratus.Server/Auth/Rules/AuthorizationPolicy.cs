using Stratus.Schema.Filters;
using Stratus.Schema.Model;
using Stratus.Server.Hosting;

namespace Stratus.Server.Auth.Rules;

/// <summary>
/// Amplify's <c>@auth</c> rules (Amplify docs, "Customize your auth rules"): rules are alternatives, so a caller is
/// allowed when any rule that fits its authorization mode grants the operation. <c>public</c> fits API keys,
/// <c>private</c> any valid JWT, <c>groups</c> with static groups a JWT carrying one of them (claim
/// <c>cognito:groups</c> unless <c>groupClaim</c> says otherwise); <c>owner</c> and <c>groupsField</c> rules grant
/// only the items whose owner or group field names the caller. A model without rules is open to every mode.
/// </summary>
public sealed class AuthorizationPolicy
{
    public AuthDecision Decide(ModelDefinition model, string operation, CallerIdentity? caller) =>
        Decide(model, model.AuthRules, operation, caller);

    /// <summary>
    /// A field with its own <c>@auth</c> rules is governed by them instead of the model's (Amplify field-level
    /// authorization); row-based rules are checked against the item the field belongs to.
    /// </summary>
    public AuthDecision DecideField(ModelDefinition model, FieldDefinition field, string operation, CallerIdentity? caller) =>
        field.AuthRules.Count == 0 ? AuthDecision.Allow : Decide(model, field.AuthRules, operation, caller);

    private static AuthDecision Decide(ModelDefinition model, IReadOnlyList<AuthRule> rules, string operation, CallerIdentity? caller)
    {
        if (rules.Count == 0)
        {
            return AuthDecision.Allow;
        }

        if (caller is null)
        {
            return AuthDecision.Deny;
        }

        var rowFilters = new List<FilterNode>();
        foreach (var rule in rules.Where(r => Grants(r, operation) && FitsMode(r, caller)))
        {
            switch (rule.Allow)
            {
                case "public" or "private":
                    return AuthDecision.Allow;
                case "groups" when rule.Groups.Count > 0:
                    if (Groups(caller, rule).Intersect(rule.Groups, StringComparer.Ordinal).Any())
                    {
                        return AuthDecision.Allow;
                    }

                    break;
                case "groups" when rule.GroupsField is { } groupsField:
                    var groups = Groups(caller, rule).ToList();
                    if (groups.Count > 0)
                    {
                        rowFilters.Add(AnyOf(model, groupsField, groups));
                    }

                    break;
                case "owner":
                    rowFilters.Add(AnyOf(model, rule.OwnerField!, OwnerValues(caller, rule)));
                    break;
            }
        }

        return rowFilters.Count switch
        {
            0 => AuthDecision.Deny,
            1 => AuthDecision.AllowIf(rowFilters[0]),
            _ => AuthDecision.AllowIf(new OrFilter(rowFilters)),
        };
    }

    /// <summary>The value an owner rule stores for a new item: <c>sub::username</c> (Amplify's default identityClaim).</summary>
    public static string? OwnerValue(CallerIdentity caller, AuthRule rule) => OwnerValues(caller, rule).FirstOrDefault();

    /// <summary>The owner rules that could let this caller create an item by naming itself as owner.</summary>
    public static IEnumerable<AuthRule> OwnerRules(ModelDefinition model, string operation, CallerIdentity caller) =>
        model.AuthRules.Where(r => r.Allow == "owner" && Grants(r, operation) && FitsMode(r, caller));

    /// <summary>The values an owner field may hold for this caller: <c>sub::username</c>, then <c>sub</c> and <c>username</c> as legacy items store them.</summary>
    private static IEnumerable<string> OwnerValues(CallerIdentity caller, AuthRule rule)
    {
        if (rule.IdentityClaim is { } claim && claim != "sub::username")
        {
            var value = caller.Claims?.FindFirst(claim)?.Value;
            return value is null ? [] : [value];
        }

        var values = new List<string>();
        if (caller.Subject is { } sub && caller.Username is { } username)
        {
            values.Add($"{sub}::{username}");
        }

        values.AddRange(new[] { caller.Subject, caller.Username }.OfType<string>());
        return values.Distinct();
    }

    private static IEnumerable<string> Groups(CallerIdentity caller, AuthRule rule) =>
        caller.Claims?.FindAll(rule.GroupClaim ?? "cognito:groups").Select(c => c.Value) ?? [];

    /// <summary>The field equals one of the values, or (for a list field) contains one.</summary>
    private static FilterNode AnyOf(ModelDefinition model, string field, IEnumerable<string> values)
    {
        var isList = model.FindField(field)?.IsList == true;
        var alternatives = values.Select(v => (FilterNode)new FieldFilter(field, isList ? FilterOperator.Contains : FilterOperator.Eq, [v])).ToList();
        return alternatives.Count == 0 ? new OrFilter([]) : new OrFilter(alternatives);
    }

    private static bool Grants(AuthRule rule, string operation) => rule.Grants(operation);

    private static bool FitsMode(AuthRule rule, CallerIdentity caller) => rule.Allow switch
    {
        "public" => rule.EffectiveProvider == "apiKey" && caller.Mode == AuthMode.Api_Key,
        "private" or "owner" or "groups" => caller.Mode != AuthMode.Api_Key && rule.EffectiveProvider is "userPools" or "oidc",
        _ => false,
    };
}
