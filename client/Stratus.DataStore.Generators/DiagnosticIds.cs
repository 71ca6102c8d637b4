namespace Stratus.DataStore.Generators;

/// <summary>Every diagnostic the model generator reports (tracked in AnalyzerReleases.Shipped.md).</summary>
internal static class DiagnosticIds
{
    /// <summary>The schema does not parse or breaks a rule; reported at the line and column.</summary>
    public const string SchemaError = "STRATUS001";

    /// <summary>More than one <c>.graphql</c> AdditionalFiles item; the generator reads exactly one schema.</summary>
    public const string SeveralSchemas = "STRATUS002";
}
