using GraphQLParser.AST;
using Stratus.Schema.Model;

namespace Stratus.Schema.Parsing;

/// <summary>Reads <c>@auth(rules: [...])</c>, as Amplify's auth transformer defines it.</summary>
internal static class AuthRuleReader
{
    private static readonly HashSet<string> AllowKinds = ["public", "private", "owner", "groups", "custom"];

    public static IReadOnlyList<AuthRule> Read(IHasDirectivesNode node, SdlValues values)
    {
        var directive = SdlValues.Find(node, "auth");
        if (directive is null)
        {
            return [];
        }

        if (SdlValues.Argument(directive, "rules") is not List<object?> rules)
        {
            throw new SchemaException(values.PositionOf(directive), "auth-rules", "@auth needs rules: [{ allow: ... }].");
        }

        return rules.Select(rule => ToRule(rule, values.PositionOf(directive))).ToList();
    }

    private static AuthRule ToRule(object? raw, SourcePosition position)
    {
        if (raw is not Dictionary<string, object?> rule || rule.GetValueOrDefault("allow") is not string allow)
        {
            throw new SchemaException(position, "auth-rules", "Every @auth rule needs 'allow'.");
        }

        if (!AllowKinds.Contains(allow))
        {
            throw new SchemaException(position, "auth-rules",
                $"@auth allow: {allow} is not one of {string.Join(", ", AllowKinds)}.");
        }

        return new AuthRule
        {
            Allow = allow,
            Provider = rule.GetValueOrDefault("provider") as string,
            OwnerField = rule.GetValueOrDefault("ownerField") as string ?? (allow == "owner" ? "owner" : null),
            IdentityClaim = rule.GetValueOrDefault("identityClaim") as string,
            GroupClaim = rule.GetValueOrDefault("groupClaim") as string,
            GroupsField = rule.GetValueOrDefault("groupsField") as string,
            Groups = (rule.GetValueOrDefault("groups") as List<object?>)?.OfType<string>().ToList() ?? [],
            Operations = (rule.GetValueOrDefault("operations") as List<object?>)?.OfType<string>().ToList() ?? [],
        };
    }
}
