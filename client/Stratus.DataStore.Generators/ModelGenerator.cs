using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Stratus.Schema.CodeGen;
using Stratus.Schema.Parsing;

namespace Stratus.DataStore.Generators;

/// <summary>
/// Reads the one <c>*.graphql</c> AdditionalFiles item and adds the C# models written by
/// <see cref="CSharpModelWriter"/>. The namespace comes from the item's <c>StratusNamespace</c> metadata, else the
/// project's root namespace. A schema error is an error diagnostic at its line and column.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    private static readonly DiagnosticDescriptor SchemaError = new(
        DiagnosticIds.SchemaError, "Invalid schema", "{0}", "Stratus.Schema", DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor SeveralSchemas = new(
        DiagnosticIds.SeveralSchemas, "Several schema files", "Stratus reads one schema file, but {0} .graphql files are AdditionalFiles: {1}",
        "Stratus.Schema", DiagnosticSeverity.Error, isEnabledByDefault: true);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var schemas = context.AdditionalTextsProvider
            .Where(file => file.Path.EndsWith(".graphql", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select((pair, cancellationToken) => new SchemaFile(
                pair.Left.Path,
                pair.Left.GetText(cancellationToken)?.ToString() ?? "",
                Namespace(pair.Right.GetOptions(pair.Left), pair.Right.GlobalOptions)))
            .Collect();
        context.RegisterSourceOutput(schemas, Generate);
    }

    private static string Namespace(AnalyzerConfigOptions file, AnalyzerConfigOptions global) =>
        file.TryGetValue("build_metadata.AdditionalFiles.StratusNamespace", out var ns) && !string.IsNullOrWhiteSpace(ns) ? ns
        : global.TryGetValue("build_property.RootNamespace", out var root) && !string.IsNullOrWhiteSpace(root) ? root
        : "Stratus.Models";

    private static void Generate(SourceProductionContext context, ImmutableArray<SchemaFile> files)
    {
        if (files.Length == 0)
        {
            return;
        }

        if (files.Length > 1)
        {
            context.ReportDiagnostic(Diagnostic.Create(SeveralSchemas, Location.None, files.Length, string.Join(", ", files.Select(f => Path.GetFileName(f.Path)))));
            return;
        }

        var file = files[0];
        try
        {
            var schema = SchemaParser.Parse(file.Text);
            foreach (var generated in CSharpModelWriter.Write(schema, file.Text, file.Namespace))
            {
                context.AddSource(generated.Name, SourceText.From(generated.Source, Encoding.UTF8));
            }
        }
        catch (SchemaException error)
        {
            context.ReportDiagnostic(Diagnostic.Create(SchemaError, At(file, error.Position.Line, error.Position.Column), error.Message));
        }
    }

    private static Location At(SchemaFile file, int line, int column)
    {
        var position = new LinePosition(Math.Max(0, line - 1), Math.Max(0, column - 1));
        var text = SourceText.From(file.Text);
        var start = line >= 1 && line <= text.Lines.Count ? text.Lines.GetPosition(position) : 0;
        return Location.Create(file.Path, new TextSpan(start, 0), new LinePositionSpan(position, position));
    }

    private sealed record SchemaFile(string Path, string Text, string Namespace);
}
