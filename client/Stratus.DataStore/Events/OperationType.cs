namespace Stratus.DataStore.Events;

/// <summary>What happened to a record (Amplify's opType).</summary>
public enum OperationType
{
    Insert,
    Update,
    Delete,
}
