namespace Stratus.Schema.Model;

/// <summary>The parsed, validated user schema: models, enums and non-model types.</summary>
public sealed class ModelSchema
{
    private readonly Dictionary<string, ModelDefinition> _models;

    public ModelSchema(IReadOnlyList<ModelDefinition> models, IReadOnlyList<EnumDefinition> enums, IReadOnlyList<NonModelDefinition> nonModels,
        IReadOnlyList<InputDefinition>? inputTypes = null, IReadOnlyList<CustomField>? customFields = null, IReadOnlyList<AbstractTypeDefinition>? abstractTypes = null)
    {
        AbstractTypes = abstractTypes ?? [];
        Models = models;
        Enums = enums;
        NonModels = nonModels;
        InputTypes = inputTypes ?? [];
        CustomFields = customFields ?? [];
        _models = models.ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ModelDefinition> Models { get; }

    public IReadOnlyList<EnumDefinition> Enums { get; }

    public IReadOnlyList<NonModelDefinition> NonModels { get; }

    /// <summary>The schema's own <c>input</c> types, as written (custom operations take them).</summary>
    public IReadOnlyList<InputDefinition> InputTypes { get; }

    /// <summary>The schema's own <c>Query</c>/<c>Mutation</c>/<c>Subscription</c> fields, kept beside the generated ones.</summary>
    public IReadOnlyList<CustomField> CustomFields { get; }

    /// <summary>The schema's <c>interface</c> and <c>union</c> definitions, as written (custom operations return them).</summary>
    public IReadOnlyList<AbstractTypeDefinition> AbstractTypes { get; }

    public ModelDefinition? FindModel(string name) => _models.GetValueOrDefault(name);

    public ModelDefinition GetModel(string name) =>
        FindModel(name) ?? throw new KeyNotFoundException($"The schema has no model '{name}'.");
}
