namespace Stratus.Schema.Parsing;

/// <summary>Case helpers with the transformer's conventions.</summary>
internal static class Names
{
    public static string LowerFirst(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];

    public static string UpperFirst(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
