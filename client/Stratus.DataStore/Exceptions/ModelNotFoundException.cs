namespace Stratus.DataStore.Exceptions;

/// <summary>A delete (or conditional save) named a record the local store does not have.</summary>
public sealed class ModelNotFoundException(string model, string modelId)
    : DataStoreException($"{model} '{modelId}' is not in the local store.")
{
    public string Model { get; } = model;

    public string ModelId { get; } = modelId;
}
