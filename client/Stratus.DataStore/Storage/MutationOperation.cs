namespace Stratus.DataStore.Storage;

/// <summary>The mutation an outbox entry becomes: createX, updateX or deleteX.</summary>
public enum MutationOperation
{
    Create,
    Update,
    Delete,
}
