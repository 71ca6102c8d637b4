using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Stratus.DataStore.Generators;
using Stratus.Schema.CodeGen;
using Stratus.Schema.Parsing;

namespace Stratus.DataStore.Tests.Generation;

/// <summary>The source generator driven in-process, its output compiled against the real Stratus.DataStore.</summary>
public sealed class ModelGeneratorTests
{
    private const string Schema = """
        enum Kind { A B }
        type Tag { label: String! }
        type Shelf @model { id: ID! name: String! books: [Book] @hasMany(indexName: "byShelf", fields: ["id"]) }
        type Book @model {
          isbn: String! @primaryKey(sortKeyFields: ["edition"])
          edition: Int!
          shelfID: ID @index(name: "byShelf")
          shelf: Shelf @belongsTo(fields: ["shelfID"])
          kind: Kind @default(value: "B")
          tags: [Tag!]
          event: String
          book: String
          toString: String
          weight: Float @default(value: "5.")
          due: AWSDateTime! @default(value: "2024-01-01T00:00:00Z")
        }
        """;

    [Fact]
    public void The_generated_models_compile_against_the_DataStore_without_warnings()
    {
        var (compilation, diagnostics) = Run(("schema.graphql", Schema));

        Assert.Empty(diagnostics);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.NotNull(compilation.GetTypeByMetadataName("App.Models.Book"));
        Assert.NotNull(compilation.GetTypeByMetadataName("App.Models.StratusModels"));
        var book = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("Book.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("public required string Isbn { get; set; }", book);
        Assert.Contains("public Kind? Kind { get; set; } = global::App.Models.Kind.B;", book);
        Assert.Contains("public string? BookValue { get; set; }", book);
        Assert.Contains("LazyReference<Shelf> Shelf", book);
        Assert.Contains("public string? ToStringValue { get; set; }", book);
        Assert.Contains("public double? Weight { get; set; } = 5d;", book);
    }

    [Fact]
    public void The_generator_adds_exactly_what_stratus_codegen_writes()
    {
        var (compilation, _) = Run(("schema.graphql", Schema));

        foreach (var file in CSharpModelWriter.Write(SchemaParser.Parse(Schema), Schema, "App.Models"))
        {
            Assert.Equal(file.Source, compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith(file.Name, StringComparison.Ordinal)).ToString());
        }
    }

    [Fact]
    public void A_schema_error_is_a_build_error_at_its_line()
    {
        var (_, diagnostics) = Run(("schema.graphql", "type Note @model {\n  id: ID!\n  owner: Missing\n}"));

        var error = Assert.Single(diagnostics);
        Assert.Equal(("STRATUS001", DiagnosticSeverity.Error), (error.Id, error.Severity));
        Assert.Equal(2, error.Location.GetLineSpan().StartLinePosition.Line);
        Assert.EndsWith("schema.graphql", error.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.Contains("Missing", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("type Note @model { id: ID! name: String Name: String }", "Note.Name and Note.name")]
    [InlineData("type Post @model { id: ID! post: String postValue: String }", "share the C# property or column 'PostValue'")]
    [InlineData("type StratusModels @model { id: ID! }", "name of the generated registry class")]
    public void Names_that_would_clash_in_CSharp_or_SQLite_are_schema_errors(string schema, string message)
    {
        var (_, diagnostics) = Run(("schema.graphql", schema));

        var error = Assert.Single(diagnostics);
        Assert.Equal("STRATUS001", error.Id);
        Assert.Contains(message, error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Two_schema_files_are_one_too_many()
    {
        var (_, diagnostics) = Run(("a.graphql", Schema), ("b.graphql", Schema));

        Assert.Equal("STRATUS002", Assert.Single(diagnostics).Id);
    }

    private static (Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics) Run(params (string Path, string Text)[] files)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(Stratus.DataStore.Models.StratusModel).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Stratus.Schema.Model.ModelSchema).Assembly.Location));
        var compilation = CSharpCompilation.Create("App", [], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var texts = files.Select(f => (AdditionalText)new InMemoryText("/src/" + f.Path, f.Text)).ToImmutableArray();
        var driver = CSharpGeneratorDriver.Create([new ModelGenerator().AsSourceGenerator()], texts, optionsProvider: new Options("App.Models"));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (output, diagnostics);
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class Options(string rootNamespace) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values([]);

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
