using Stratus.Schema.CodeGen;
using Stratus.Schema.Parsing;

namespace Stratus.Cli.Commands;

/// <summary>
/// <c>stratus codegen --schema FILE --out DIR [--namespace NS]</c>: writes the C# models of the .NET DataStore to
/// disk, the same code its source generator adds at build time (both call <see cref="CSharpModelWriter"/>).
/// </summary>
internal static class CodegenCommand
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> settings)
    {
        // Both are required options: the parser refuses a command line without them.
        var schemaFile = settings["Stratus:Schema"];
        var outDirectory = settings["codegen-out"];
        if (!File.Exists(schemaFile))
        {
            throw new FileNotFoundException($"Schema file '{schemaFile}' does not exist; pass an Amplify-style SDL file with --schema.", schemaFile);
        }

        var text = await File.ReadAllTextAsync(schemaFile);
        var files = CSharpModelWriter.Write(SchemaParser.Parse(text), text, settings.GetValueOrDefault("codegen-namespace") ?? "Stratus.Models");
        Directory.CreateDirectory(outDirectory);
        foreach (var file in files)
        {
            await File.WriteAllTextAsync(Path.Combine(outDirectory, file.Name), file.Source);
        }

        Console.WriteLine($"Wrote {files.Count} files to {outDirectory}.");
        return 0;
    }
}
