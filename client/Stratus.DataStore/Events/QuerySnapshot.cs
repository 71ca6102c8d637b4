namespace Stratus.DataStore.Events;

/// <summary>
/// The full result of an <c>ObserveQuery</c> at one moment. <see cref="IsSynced"/> is true once the model's sync
/// has finished in this session; in local-only mode the local store is the whole truth, so it is always true.
/// </summary>
public sealed record QuerySnapshot<T>(IReadOnlyList<T> Items, bool IsSynced);
