namespace Stratus.DataStore.Exceptions;

/// <summary>A record points at a belongsTo parent that is not in the local store (Amplify's "Data integrity error").</summary>
public sealed class DataIntegrityException(string model, string relationship, string parentModel, string parentKey)
    : DataStoreException($"{model}.{relationship} refers to {parentModel} '{parentKey}', which is not in the local store; save the {parentModel} first.")
{
    public string Model { get; } = model;

    public string ParentModel { get; } = parentModel;

    public string ParentKey { get; } = parentKey;
}
