using System.CommandLine;

namespace Stratus.Cli.Commands;

/// <summary>
/// A command-line option that becomes one configuration key (<c>--schema</c> is <c>Stratus:Schema</c>), so options
/// take precedence over appsettings.json and environment variables. A path option is made absolute against the
/// directory the command was run from.
/// </summary>
internal sealed class SettingOption
{
    private SettingOption(Option option, string key, bool isPath)
    {
        Option = option;
        Key = key;
        IsPath = isPath;
    }

    public Option Option { get; }

    public string Key { get; }

    public bool IsPath { get; }

    public static SettingOption Text(string name, string key, string helpName, string description, bool isPath = false, bool required = false) =>
        new(new Option<string>(name) { HelpName = helpName, Description = description, Required = required }, key, isPath);

    /// <summary>An option that may be given several times; each occurrence adds one value (<c>Key:0</c>, <c>Key:1</c>, ...).</summary>
    public static SettingOption Repeatable(string name, string key, string helpName, string description) =>
        new(new Option<string[]>(name) { HelpName = helpName, Description = description, Arity = ArgumentArity.OneOrMore }, key, isPath: false);

    /// <summary>The configuration entries this option contributes to a parsed command line.</summary>
    public IEnumerable<KeyValuePair<string, string>> Read(ParseResult result, string workingDirectory)
    {
        if (result.GetResult(Option) is null)
        {
            yield break;
        }

        if (Option is Option<string[]> many)
        {
            var index = 0;
            foreach (var value in result.GetValue(many) ?? [])
            {
                yield return KeyValuePair.Create($"{Key}:{index++}", value);
            }

            yield break;
        }

        if (result.GetValue((Option<string>)Option) is { } text)
        {
            yield return KeyValuePair.Create(Key, IsPath ? Path.GetFullPath(text, workingDirectory) : text);
        }
    }
}
