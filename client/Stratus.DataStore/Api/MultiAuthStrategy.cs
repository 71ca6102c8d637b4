using Stratus.Schema.Model;

namespace Stratus.DataStore.Api;

/// <summary>
/// Amplify's multi-auth strategy (amplify-js datastore/src/authModeStrategies/multiAuthStrategy.ts): rules are
/// ordered custom, owner, groups, private, public, and within a kind by provider (function, userPools, oidc, iam,
/// apiKey); owner, groups and private rules count only for a signed-in user. Unlike Amplify, a rule that does not
/// grant the operation (<c>{allow: public, operations: [read]}</c> for a create) is not tried.
/// </summary>
internal static class MultiAuthStrategy
{
    private static readonly string[] KindOrder = ["custom", "owner", "groups", "private", "public"];
    private static readonly string[] ProviderOrder = ["function", "userPools", "oidc", "iam", "apiKey"];

    /// <summary>The modes to try for an operation (create, update, delete, get, list, sync or listen).</summary>
    public static IReadOnlyList<AuthMode> For(ModelDefinition model, string operation, bool signedIn)
    {
        var modes = new List<AuthMode>();
        var ordered = model.AuthRules
            .Where(r => r.Grants(operation))
            .OrderBy(r => Array.IndexOf(KindOrder, r.Allow))
            .ThenBy(r => Array.IndexOf(ProviderOrder, r.EffectiveProvider));
        foreach (var rule in ordered)
        {
            AuthMode? mode = (rule.Allow, rule.EffectiveProvider) switch
            {
                ("custom", "function") => AuthMode.AwsLambda,
                ("owner" or "groups", "userPools") when signedIn => AuthMode.AmazonCognitoUserPools,
                ("owner" or "groups", "oidc") when signedIn => AuthMode.OpenIdConnect,
                ("private", "userPools") when signedIn => AuthMode.AmazonCognitoUserPools,
                ("private", "oidc") when signedIn => AuthMode.OpenIdConnect,
                ("private", "iam") when signedIn => AuthMode.AwsIam,
                ("public", "iam") => AuthMode.AwsIam,
                ("public", "apiKey") => AuthMode.ApiKey,
                _ => null,
            };
            if (mode is { } found && !modes.Contains(found))
            {
                modes.Add(found);
            }
        }

        return modes;
    }
}
