namespace Stratus.Schema.Model;

/// <summary>The parsed, validated user schema: models, enums and non-model types.</summary>
public sealed class ModelSchema
{
    private readonly Dictionary<string, ModelDefinition> _models;

    public ModelSchema(IReadOnlyList<ModelDefinition> models, IReadOnlyList<EnumDefinition> enums, IReadOnlyList<NonModelDefinition> nonModels)
    {
        Models = models;
        Enums = enums;
        NonModels = nonModels;
        _models = models.ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ModelDefinition> Models { get; }

    public IReadOnlyList<EnumDefinition> Enums { get; }

    public IReadOnlyList<NonModelDefinition> NonModels { get; }

    public ModelDefinition? FindModel(string name) => _models.GetValueOrDefault(name);

    public ModelDefinition GetModel(string name) =>
        FindModel(name) ?? throw new KeyNotFoundException($"The schema has no model '{name}'.");
}
