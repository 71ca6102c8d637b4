namespace Stratus.Schema.Parsing;

/// <summary>
/// English plurals as the Amplify transformer forms list/sync names (it uses the npm <c>pluralize</c> package):
/// Post -> Posts, Category -> Categories, Address -> Addresses, Person -> People.
/// </summary>
public static class Pluralizer
{
    private static readonly Dictionary<string, string> Irregular = new(StringComparer.OrdinalIgnoreCase)
    {
        ["person"] = "people", ["man"] = "men", ["woman"] = "women", ["child"] = "children",
        ["tooth"] = "teeth", ["foot"] = "feet", ["mouse"] = "mice", ["goose"] = "geese",
    };

    private static readonly HashSet<string> Uncountable = new(StringComparer.OrdinalIgnoreCase)
    {
        "data", "equipment", "information", "money", "news", "series", "species", "sheep", "fish", "metadata",
    };

    public static string Pluralize(string word)
    {
        if (word.Length == 0)
        {
            return word;
        }

        var (prefix, last) = SplitLastWord(word);
        if (Uncountable.Contains(last))
        {
            return word;
        }

        if (Irregular.TryGetValue(last, out var irregular))
        {
            return prefix + MatchCase(last, irregular);
        }

        var lower = last.ToLowerInvariant();
        string plural;
        if (lower.EndsWith('y') && lower.Length > 1 && !"aeiou".Contains(lower[^2]))
        {
            plural = last[..^1] + "ies";
        }
        else if (lower.EndsWith('s') && !lower.EndsWith("ss", StringComparison.Ordinal) && !lower.EndsWith("us", StringComparison.Ordinal) && !lower.EndsWith("is", StringComparison.Ordinal))
        {
            // Already plural (Tags, PostTags), as pluralize leaves it.
            plural = last;
        }
        else if (lower.EndsWith("is", StringComparison.Ordinal))
        {
            plural = last[..^2] + "es";
        }
        else if (lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith('z') || lower.EndsWith("ch", StringComparison.Ordinal) || lower.EndsWith("sh", StringComparison.Ordinal))
        {
            plural = last + "es";
        }
        else
        {
            plural = last + "s";
        }

        return prefix + plural;
    }

    /// <summary>PascalCase names pluralize on their last word: BlogPost -> BlogPosts.</summary>
    private static (string Prefix, string Last) SplitLastWord(string word)
    {
        for (var i = word.Length - 1; i > 0; i--)
        {
            if (char.IsUpper(word[i]))
            {
                return (word[..i], word[i..]);
            }
        }

        return ("", word);
    }

    private static string MatchCase(string source, string target) =>
        char.IsUpper(source[0]) ? char.ToUpperInvariant(target[0]) + target[1..] : target;
}
