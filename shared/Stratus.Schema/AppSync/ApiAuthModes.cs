using Stratus.Schema.Model;

namespace Stratus.Schema.AppSync;

/// <summary>
/// The API's authorization providers, by Amplify's provider names (<c>apiKey</c>, <c>userPools</c>, <c>oidc</c>,
/// <c>iam</c>, <c>function</c>). With additional providers the transformer marks every type and root field that
/// another provider may reach with AppSync's <c>@aws_*</c> directives; with one provider it marks nothing.
/// </summary>
public sealed record ApiAuthModes(string DefaultProvider, IReadOnlyList<string> AdditionalProviders)
{
    private static readonly (string Provider, string Directive)[] Order =
    [
        ("apiKey", "@aws_api_key"), ("iam", "@aws_iam"), ("oidc", "@aws_oidc"), ("function", "@aws_lambda"), ("userPools", "@aws_cognito_user_pools"),
    ];

    /// <summary>The directives for what the given rules reach, or "" when only the default provider does.</summary>
    public string Directives(IEnumerable<AuthRule> rules)
    {
        if (AdditionalProviders.Count == 0)
        {
            return "";
        }

        var providers = rules.Select(r => r.EffectiveProvider).ToHashSet(StringComparer.Ordinal);
        if (providers.Count == 0 || providers.All(p => p == DefaultProvider))
        {
            return "";
        }

        return " " + string.Join(" ", Order.Where(o => providers.Contains(o.Provider)).Select(o => o.Directive));
    }

    public string Directives(ModelDefinition model, string operation) =>
        Directives(model.AuthRules.Where(r => r.Grants(operation)));
}
