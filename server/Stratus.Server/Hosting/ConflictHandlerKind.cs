namespace Stratus.Server.Hosting;

/// <summary>AppSync's conflict handlers (SyncConfig.ConflictHandler), plus NONE: last writer wins.</summary>
public enum ConflictHandlerKind
{
    Automerge,
    Optimistic_Concurrency,
    Lambda,
    None,
}
