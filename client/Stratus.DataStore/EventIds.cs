using Microsoft.Extensions.Logging;

namespace Stratus.DataStore;

/// <summary>Every log event of the DataStore, with a stable id (1xxx storage, 2xxx local writes, 3xxx the API client).</summary>
internal static class EventIds
{
    public static readonly EventId SchemaMigrated = new(1001, nameof(SchemaMigrated));
    public static readonly EventId ColumnAdded = new(1002, nameof(ColumnAdded));
    public static readonly EventId RowsKeptAside = new(1003, nameof(RowsKeptAside));
    public static readonly EventId Cleared = new(1004, nameof(Cleared));
    public static readonly EventId ColumnFilled = new(1005, nameof(ColumnFilled));
    public static readonly EventId Saved = new(2001, nameof(Saved));
    public static readonly EventId Deleted = new(2002, nameof(Deleted));
    public static readonly EventId ObserverFailed = new(2003, nameof(ObserverFailed));
    public static readonly EventId AuthModeRejected = new(3001, nameof(AuthModeRejected));
    public static readonly EventId AuthModeSkipped = new(3002, nameof(AuthModeSkipped));
    public static readonly EventId TokenProviderFailed = new(3003, nameof(TokenProviderFailed));
}
