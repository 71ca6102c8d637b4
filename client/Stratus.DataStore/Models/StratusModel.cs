namespace Stratus.DataStore.Models;

/// <summary>
/// The base of every generated model. It remembers the <see cref="StratusDataStore"/> an instance was read from or saved
/// to, so its relationship properties can load related records from the same local store.
/// </summary>
public abstract class StratusModel
{
    // Not public, so EF Core does not map it.
    internal StratusDataStore? Store { get; set; }

    // Prefixed names, so no schema field's property can hide them.
    protected LazyReference<T> StratusReference<T>(string field)
        where T : StratusModel => new(this, field);

    protected LazyCollection<T> StratusCollection<T>(string field)
        where T : StratusModel => new(this, field);
}
