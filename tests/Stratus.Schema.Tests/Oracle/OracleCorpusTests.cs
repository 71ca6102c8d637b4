using Stratus.Schema.AppSync;
using Stratus.Schema.Introspection;
using Stratus.Schema.Parsing;

namespace Stratus.Schema.Tests.Oracle;

/// <summary>
/// Every corpus schema against what Amplify's own tools make of it (the golden files): the AppSync SDL definition by
/// definition, the model introspection key by key, and a schema the transformer refuses refused here too.
/// </summary>
public sealed class OracleCorpusTests
{
    [Theory]
    [MemberData(nameof(OracleCorpus.Schemas), MemberType = typeof(OracleCorpus))]
    public void Printed_schema_is_the_transformers(string name)
    {
        var schema = OracleCorpus.Schema(name);
        var expected = OracleCorpus.Golden(name, "appsync.graphql");
        if (expected is null)
        {
            return;
        }

        var actual = AppSyncSdlWriter.Write(SchemaParser.Parse(schema), Modes(OracleCorpus.AuthModes(schema)));

        var differences = SdlComparer.Differences(expected, actual);
        Assert.True(differences.Count == 0, $"{name}: {differences.Count} differences\n" + string.Join("\n", differences));
    }

    [Theory]
    [MemberData(nameof(OracleCorpus.Schemas), MemberType = typeof(OracleCorpus))]
    public void Model_introspection_is_modelgens(string name)
    {
        var expected = OracleCorpus.Golden(name, "introspection.json");
        if (expected is null)
        {
            return;
        }

        var actual = ModelIntrospectionWriter.Write(SchemaParser.Parse(OracleCorpus.Schema(name)));

        var differences = IntrospectionComparer.Differences(expected, actual);
        Assert.True(differences.Count == 0, $"{name}: {differences.Count} differences\n" + string.Join("\n", differences));
    }

    [Theory]
    [MemberData(nameof(OracleCorpus.Schemas), MemberType = typeof(OracleCorpus))]
    public void Schema_the_transformer_refuses_is_refused(string name)
    {
        var refusal = OracleCorpus.Golden(name, "error.txt");
        var schema = OracleCorpus.Schema(name);
        if (refusal is null)
        {
            Assert.NotEmpty(SchemaParser.Parse(schema).Models);
            return;
        }

        var error = Assert.Throws<SchemaException>(() => SchemaParser.Parse(schema));
        Assert.Contains(refusal.Trim(), error.Message, StringComparison.Ordinal);
    }

    /// <summary>The transformer's authorization mode names as Stratus's provider names.</summary>
    private static ApiAuthModes Modes(IReadOnlyList<string> modes)
    {
        var providers = modes.Select(mode => mode switch
        {
            "API_KEY" => "apiKey",
            "AMAZON_COGNITO_USER_POOLS" => "userPools",
            "AWS_IAM" => "iam",
            "OPENID_CONNECT" => "oidc",
            "AWS_LAMBDA" => "function",
            _ => throw new ArgumentException($"Unknown authorization mode '{mode}' in a corpus schema's '# auth:' line."),
        }).ToList();
        return new ApiAuthModes(providers[0], providers.Skip(1).ToList());
    }
}
