namespace Stratus.DataStore.Exceptions;

/// <summary>The condition of a save or delete did not hold for the stored record (Amplify's "Conditional update failed").</summary>
public sealed class ConditionalSaveFailedException(string model, string modelId)
    : DataStoreException($"{model} '{modelId}': the condition does not hold for the stored record, so nothing was written.")
{
    public string Model { get; } = model;

    public string ModelId { get; } = modelId;
}
