namespace Stratus.DataStore.Exceptions;

/// <summary>The base of every error the StratusDataStore raises about the caller's data; nothing was written.</summary>
public abstract class DataStoreException(string message, Exception? inner = null) : Exception(message, inner);
