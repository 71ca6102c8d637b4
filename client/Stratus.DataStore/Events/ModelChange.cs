namespace Stratus.DataStore.Events;

/// <summary>One change to a record, as <c>Observe</c> reports it; <see cref="Element"/> is the record as stored (as it was, for a delete).</summary>
public sealed record ModelChange<T>(OperationType OpType, T Element, string Model);
