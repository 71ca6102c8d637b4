using Stratus.Schema.Model;
using Stratus.Schema.Parsing;

namespace Stratus.DataStore.Models;

/// <summary>
/// The schema a set of generated models came from, and the CLR type of each model, non-model type and enum. The
/// generator emits one subclass (<c>StratusModels</c> by default); pass an instance to <c>AddStratusDataStore</c>.
/// </summary>
public abstract class ModelRegistry
{
    protected ModelRegistry(string schemaText, IReadOnlyDictionary<string, Type> types)
    {
        SchemaText = schemaText;
        Schema = SchemaParser.Parse(schemaText);
        Types = types;
    }

    public string SchemaText { get; }

    public ModelSchema Schema { get; }

    /// <summary>Schema type name to CLR type.</summary>
    public IReadOnlyDictionary<string, Type> Types { get; }
}
