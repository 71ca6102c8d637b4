using Microsoft.Extensions.Logging;

namespace Stratus.DataStore;

/// <summary>Every log event of the StratusDataStore, with a stable id (1xxx storage, 2xxx local writes, 3xxx the API client, 4xxx sync).</summary>
internal static class EventIds
{
    public static readonly EventId SchemaMigrated = new(1001, nameof(SchemaMigrated));
    public static readonly EventId ColumnAdded = new(1002, nameof(ColumnAdded));
    public static readonly EventId RowsKeptAside = new(1003, nameof(RowsKeptAside));
    public static readonly EventId Cleared = new(1004, nameof(Cleared));
    public static readonly EventId ColumnFilled = new(1005, nameof(ColumnFilled));
    public static readonly EventId ModelBuildFailed = new(1006, nameof(ModelBuildFailed));
    public static readonly EventId Saved = new(2001, nameof(Saved));
    public static readonly EventId Deleted = new(2002, nameof(Deleted));
    public static readonly EventId ObserverFailed = new(2003, nameof(ObserverFailed));
    public static readonly EventId AuthModeRejected = new(3001, nameof(AuthModeRejected));
    public static readonly EventId AuthModeSkipped = new(3002, nameof(AuthModeSkipped));
    public static readonly EventId TokenProviderFailed = new(3003, nameof(TokenProviderFailed));
    public static readonly EventId ModelSynced = new(4001, nameof(ModelSynced));
    public static readonly EventId ModelSyncFailed = new(4002, nameof(ModelSyncFailed));
    public static readonly EventId PartialSyncPage = new(4003, nameof(PartialSyncPage));
    public static readonly EventId SyncLimitReached = new(4004, nameof(SyncLimitReached));
    public static readonly EventId MutationSent = new(4010, nameof(MutationSent));
    public static readonly EventId MutationFailed = new(4011, nameof(MutationFailed));
    public static readonly EventId ConflictRetried = new(4012, nameof(ConflictRetried));
    public static readonly EventId ConflictDiscarded = new(4013, nameof(ConflictDiscarded));
    public static readonly EventId ConflictHandlerFailed = new(4014, nameof(ConflictHandlerFailed));
    public static readonly EventId ErrorHandlerFailed = new(4015, nameof(ErrorHandlerFailed));
    public static readonly EventId RealtimeUnavailable = new(4020, nameof(RealtimeUnavailable));
    public static readonly EventId RealtimeError = new(4021, nameof(RealtimeError));
    public static readonly EventId RealtimeFrameIgnored = new(4022, nameof(RealtimeFrameIgnored));
    public static readonly EventId SubscriptionRefused = new(4023, nameof(SubscriptionRefused));
    public static readonly EventId SubscriptionEventSkipped = new(4024, nameof(SubscriptionEventSkipped));
    public static readonly EventId Offline = new(4030, nameof(Offline));
    public static readonly EventId SyncEngineFailed = new(4031, nameof(SyncEngineFailed));
}
