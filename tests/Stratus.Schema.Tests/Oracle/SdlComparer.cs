using System.Text.RegularExpressions;
using GraphQLParser;
using GraphQLParser.AST;

namespace Stratus.Schema.Tests.Oracle;

/// <summary>
/// Compares two SDL documents definition by definition, ignoring the order of definitions and whitespace but not
/// the order of fields inside a definition. Returns human-readable differences.
/// </summary>
public static partial class SdlComparer
{
    public static List<string> Differences(string expected, string actual)
    {
        var want = Definitions(expected);
        var got = Definitions(actual);
        var differences = new List<string>();
        foreach (var (name, text) in want)
        {
            if (!got.TryGetValue(name, out var actualText))
            {
                differences.Add($"missing: {text}");
            }
            else if (actualText != text)
            {
                differences.Add($"differs:\n  expected {text}\n  actual   {actualText}");
            }
        }

        differences.AddRange(got.Keys.Except(want.Keys).Select(name => $"unexpected: {got[name]}"));
        return differences;
    }

    private static Dictionary<string, string> Definitions(string sdl)
    {
        var document = Parser.Parse(sdl, new ParserOptions { Ignore = IgnoreOptions.Comments });
        var result = new Dictionary<string, string>();
        foreach (var definition in document.Definitions)
        {
            var text = Whitespace().Replace(sdl[definition.Location.Start..definition.Location.End], " ");
            text = Punctuation().Replace(text, "$1");
            var name = definition switch
            {
                GraphQLTypeDefinition t => t.Name.StringValue,
                _ => text,
            };
            result[name] = text;
        }

        return result;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s*([{}():,\[\]!])\s*")]
    private static partial Regex Punctuation();
}
