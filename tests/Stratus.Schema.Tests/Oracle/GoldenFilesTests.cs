using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Schema.Tests.Oracle;

/// <summary>
/// The golden files are what Amplify's own tools make of the corpus today: the oracle (<c>Oracle/oracle.js</c>, the
/// transformer 2.5.1 and modelgen from <c>package-lock.json</c>) runs on every corpus schema into a temporary folder,
/// and each output must equal its committed golden file byte for byte. The npm packages are installed with
/// <c>npm ci</c> when missing.
/// </summary>
public sealed class GoldenFilesTests
{
    private static readonly NodeProject Oracle = new(OracleCorpus.Folder, "@aws-amplify/graphql-transformer/package.json");

    [Fact]
    public async Task Golden_files_are_what_the_transformer_and_modelgen_generate()
    {
        await Oracle.EnsureInstalledAsync();
        var output = Directory.CreateTempSubdirectory("stratus-oracle-");
        try
        {
            var (code, log) = await Oracle.RunAsync("node", ["oracle.js", "corpus", output.FullName], TimeSpan.FromMinutes(5));
            Assert.True(code == 0, "oracle.js failed:\n" + log);

            var fresh = Directory.EnumerateFiles(output.FullName).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            var golden = Directory.EnumerateFiles(OracleCorpus.GoldenFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(golden, fresh);
            var stale = fresh.Where(name => File.ReadAllText(Path.Combine(output.FullName, name!)) != File.ReadAllText(Path.Combine(OracleCorpus.GoldenFolder, name!))).ToList();
            Assert.True(stale.Count == 0, $"Golden files differ from the tools' output (run 'npm run golden' in {OracleCorpus.Folder}): {string.Join(", ", stale)}");
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_corpus_schema_has_its_golden_files()
    {
        foreach (var name in OracleCorpus.Names())
        {
            var refused = OracleCorpus.Golden(name, "error.txt") is not null;
            Assert.True(refused || (OracleCorpus.Golden(name, "appsync.graphql") is not null && OracleCorpus.Golden(name, "introspection.json") is not null),
                $"{name} has no golden files; run 'npm run golden' in {OracleCorpus.Folder}.");
        }

        Assert.True(OracleCorpus.Names().Count(n => OracleCorpus.Golden(n, "error.txt") is null) >= 40, "The corpus holds at least 40 schemas the transformer accepts.");
    }
}
