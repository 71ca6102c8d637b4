using Stratus.Schema.Model;
using Stratus.Schema.Parsing;

namespace Stratus.Server.Hosting;

/// <summary>Loads the user's SDL, or the bundled sample schema (a Todo model) when none is given.</summary>
public static class SchemaLoader
{
    public static string SamplePath => Path.Combine(AppContext.BaseDirectory, "Samples", "schema.graphql");

    /// <summary>Throws <see cref="SchemaException"/> for an invalid schema and <see cref="FileNotFoundException"/> for a missing file.</summary>
    public static ModelSchema Load(string? path)
    {
        var file = path ?? SamplePath;
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"Schema file '{file}' does not exist; pass an Amplify-style SDL file with --schema.", file);
        }

        return SchemaParser.Parse(File.ReadAllText(file));
    }
}
