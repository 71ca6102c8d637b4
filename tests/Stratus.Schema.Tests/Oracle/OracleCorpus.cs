using System.Reflection;

namespace Stratus.Schema.Tests.Oracle;

/// <summary>
/// The schema corpus in <c>Oracle/corpus</c> and the golden files Amplify's own transformer and modelgen made of it in
/// <c>Oracle/golden</c> (<c>npm run golden</c> in <c>Oracle/</c> regenerates them). A schema's first lines may name
/// its API's authorization providers, default first: <c># auth: AMAZON_COGNITO_USER_POOLS API_KEY</c> (API_KEY alone
/// when absent).
/// </summary>
public static class OracleCorpus
{
    /// <summary>The <c>Oracle</c> folder in the source tree, where the npm project lives.</summary>
    public static string Folder { get; } = typeof(OracleCorpus).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "OracleFolder").Value!;

    public static string CorpusFolder => Path.Combine(Folder, "corpus");

    public static string GoldenFolder => Path.Combine(Folder, "golden");

    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(CorpusFolder, "*.graphql").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

    public static TheoryData<string> Schemas() => new(Names());

    public static string Schema(string name) => File.ReadAllText(Path.Combine(CorpusFolder, name + ".graphql"));

    /// <summary>The golden file of a schema (<c>appsync.graphql</c>, <c>introspection.json</c>, <c>error.txt</c>), or null.</summary>
    public static string? Golden(string name, string kind) =>
        File.Exists(Path.Combine(GoldenFolder, $"{name}.{kind}")) ? File.ReadAllText(Path.Combine(GoldenFolder, $"{name}.{kind}")) : null;

    /// <summary>The AppSync authorization modes a schema declares, in the transformer's names.</summary>
    public static IReadOnlyList<string> AuthModes(string schema)
    {
        var line = schema.Split('\n').FirstOrDefault(l => l.StartsWith("# auth:", StringComparison.Ordinal));
        return line is null ? ["API_KEY"] : line["# auth:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
