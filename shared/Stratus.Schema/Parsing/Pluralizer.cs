using System.Text.RegularExpressions;

namespace Stratus.Schema.Parsing;

/// <summary>
/// English plurals exactly as the Amplify transformer and modelgen form them (both use the npm <c>pluralize</c>
/// package, 8.x, on the whole type name): irregular words, uncountable words, then the last-added matching suffix
/// rule, with the case of the replaced text kept (Person -> People, Cactus -> Cacti, Index -> Indices,
/// BlogPost -> BlogPosts, PostTags -> PostTags).
/// </summary>
public static class Pluralizer
{
    private static readonly Dictionary<string, string> Irregular = new(StringComparer.Ordinal)
    {
        ["i"] = "we", ["me"] = "us", ["he"] = "they", ["she"] = "they", ["them"] = "them", ["myself"] = "ourselves",
        ["yourself"] = "yourselves", ["itself"] = "themselves", ["herself"] = "themselves", ["himself"] = "themselves",
        ["themself"] = "themselves", ["is"] = "are", ["was"] = "were", ["has"] = "have", ["this"] = "these",
        ["that"] = "those", ["echo"] = "echoes", ["dingo"] = "dingoes", ["volcano"] = "volcanoes",
        ["tornado"] = "tornadoes", ["torpedo"] = "torpedoes", ["genus"] = "genera", ["viscus"] = "viscera",
        ["stigma"] = "stigmata", ["stoma"] = "stomata", ["dogma"] = "dogmata", ["lemma"] = "lemmata",
        ["schema"] = "schemata", ["anathema"] = "anathemata", ["ox"] = "oxen", ["axe"] = "axes", ["die"] = "dice",
        ["yes"] = "yeses", ["foot"] = "feet", ["eave"] = "eaves", ["goose"] = "geese", ["tooth"] = "teeth",
        ["quiz"] = "quizzes", ["human"] = "humans", ["proof"] = "proofs", ["carve"] = "carves", ["valve"] = "valves",
        ["looey"] = "looies", ["thief"] = "thieves", ["groove"] = "grooves", ["pickaxe"] = "pickaxes",
        ["passerby"] = "passersby",
    };

    private static readonly HashSet<string> IrregularPlurals = [.. Irregular.Values];

    private static readonly HashSet<string> Uncountable = new(StringComparer.Ordinal)
    {
        "adulthood", "advice", "agenda", "aid", "aircraft", "alcohol", "ammo", "analytics", "anime", "athletics",
        "audio", "bison", "blood", "bream", "buffalo", "butter", "carp", "cash", "chassis", "chess", "clothing", "cod",
        "commerce", "cooperation", "corps", "debris", "diabetes", "digestion", "elk", "energy", "equipment",
        "excretion", "expertise", "firmware", "flounder", "fun", "gallows", "garbage", "graffiti", "hardware",
        "headquarters", "health", "herpes", "highjinks", "homework", "housework", "information", "jeans", "justice",
        "kudos", "labour", "literature", "machinery", "mackerel", "mail", "media", "mews", "moose", "music", "mud",
        "manga", "news", "only", "personnel", "pike", "plankton", "pliers", "police", "pollution", "premises", "rain",
        "research", "rice", "salmon", "scissors", "series", "sewage", "shambles", "shrimp", "software", "species",
        "staff", "swine", "tennis", "traffic", "transportation", "trout", "tuna", "wealth", "welfare", "whiting",
        "wildebeest", "wildlife", "you",
    };

    /// <summary>Suffix rules, lowest priority first: the last one that matches is applied.</summary>
    private static readonly (Regex Pattern, string Replacement)[] Rules =
    [
        .. new (string, string)[]
        {
            (@"s?$", "s"), (@"[^\u0000-\u007F]$", "$0"), (@"([^aeiou]ese)$", "$1"), (@"(ax|test)is$", "$1es"),
            (@"(alias|[^aou]us|t[lm]as|gas|ris)$", "$1es"), (@"(e[mn]u)s?$", "$1s"),
            (@"([^l]ias|[aeiou]las|[ejzr]as|[iu]am)$", "$1"),
            (@"(alumn|syllab|vir|radi|nucle|fung|cact|stimul|termin|bacill|foc|uter|loc|strat)(?:us|i)$", "$1i"),
            (@"(alumn|alg|vertebr)(?:a|ae)$", "$1ae"), (@"(seraph|cherub)(?:im)?$", "$1im"), (@"(her|at|gr)o$", "$1oes"),
            (@"(agend|addend|millenni|dat|extrem|bacteri|desiderat|strat|candelabr|errat|ov|symposi|curricul|automat|quor)(?:a|um)$", "$1a"),
            (@"(apheli|hyperbat|periheli|asyndet|noumen|phenomen|criteri|organ|prolegomen|hedr|automat)(?:a|on)$", "$1a"),
            (@"sis$", "ses"), (@"(?:(kni|wi|li)fe|(ar|l|ea|eo|oa|hoo)f)$", "$1$2ves"), (@"([^aeiouy]|qu)y$", "$1ies"),
            (@"([^ch][ieo][ln])ey$", "$1ies"), (@"(x|ch|ss|sh|zz)$", "$1es"),
            (@"(matr|cod|mur|sil|vert|ind|append)(?:ix|ex)$", "$1ices"), (@"\b((?:tit)?m|l)(?:ice|ouse)$", "$1ice"),
            (@"(pe)(?:rson|ople)$", "$1ople"), (@"(child)(?:ren)?$", "$1ren"), (@"eaux$", "$0"), (@"m[ae]n$", "men"),
            (@"^thou$", "you"),
            // Uncountable patterns keep the word.
            (@"pok[eé]mon$", "$0"), (@"[^aeiou]ese$", "$0"), (@"deer$", "$0"), (@"fish$", "$0"), (@"measles$", "$0"),
            (@"o[iu]s$", "$0"), (@"pox$", "$0"), (@"sheep$", "$0"),
        }.Select(r => (new Regex(r.Item1, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), r.Item2)),
    ];

    private static readonly Regex Group = new(@"\$(\d{1,2})", RegexOptions.CultureInvariant);

    public static string Pluralize(string word)
    {
        var token = word.ToLowerInvariant();
        if (IrregularPlurals.Contains(token))
        {
            return RestoreCase(word, token);
        }

        if (Irregular.TryGetValue(token, out var irregular))
        {
            return RestoreCase(word, irregular);
        }

        if (token.Length == 0 || Uncountable.Contains(token))
        {
            return word;
        }

        for (var i = Rules.Length - 1; i >= 0; i--)
        {
            var (pattern, replacement) = Rules[i];
            var match = pattern.Match(word);
            if (!match.Success)
            {
                continue;
            }

            var result = Group.Replace(replacement, g => match.Groups[int.Parse(g.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)].Value);
            var cased = match.Length == 0 ? RestoreCase(word[match.Index - 1].ToString(), result) : RestoreCase(match.Value, result);
            return word[..match.Index] + cased + word[(match.Index + match.Length)..];
        }

        return word;
    }

    /// <summary>The replacement in the case of the text it replaces: lower, upper, or capitalised.</summary>
    private static string RestoreCase(string source, string token)
    {
        if (source == token)
        {
            return token;
        }

        if (source == source.ToLowerInvariant())
        {
            return token.ToLowerInvariant();
        }

        if (source == source.ToUpperInvariant())
        {
            return token.ToUpperInvariant();
        }

        return char.IsUpper(source[0]) ? char.ToUpperInvariant(token[0]) + token[1..].ToLowerInvariant() : token.ToLowerInvariant();
    }
}
