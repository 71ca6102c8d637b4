using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stratus.Server.Auth;
using Stratus.Server.Hosting;
using Stratus.Server.Storage;

namespace Stratus.Server.AdminConsole;

/// <summary>
/// Every conflict the server resolves, kept for <see cref="StratusOptions.ConflictLogDays"/>: the write, the item it
/// met, the strategy, the outcome, the caller and the time. Writes are queued and stored in the background, so a
/// conflicting write never waits for its log entry (and an entry never holds a write's transaction).
/// </summary>
public sealed partial class ConflictLog(IDbContextFactory<StratusDbContext> contexts, IHttpContextAccessor http, TimeProvider time, IOptions<StratusOptions> options, ILogger<ConflictLog> logger) : BackgroundService
{
    private readonly Channel<ConflictRecord> _queue = Channel.CreateBounded<ConflictRecord>(new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    /// <summary>The caller of the request running now; read it where the request's flow starts, before any queued write.</summary>
    internal string? Caller() => (http.HttpContext?.Items[Graphql.GraphqlEndpoint.CallerKey] as CallerIdentity)?.Name;

    internal void Record(string model, string pk, string operation, ConflictHandlerKind strategy, string outcome, JsonNode? incoming, JsonObject serverItem, string? caller)
    {
        _queue.Writer.TryWrite(new ConflictRecord
        {
            Model = model,
            Pk = pk,
            Operation = operation,
            Strategy = strategy.ToString().ToUpperInvariant(),
            Outcome = outcome,
            Incoming = incoming?.ToJsonString() ?? "{}",
            ServerItem = serverItem.ToJsonString(),
            Caller = caller,
            At = time.GetUtcNow().ToUnixTimeMilliseconds(),
        });
    }

    /// <summary>The newest conflicts first, optionally of one model and outcome, older than <paramref name="before"/> (an id) for paging.</summary>
    public async Task<IReadOnlyList<ConflictRecord>> ListAsync(string? model, string? outcome, int limit, long? before, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Conflicts.AsNoTracking();
        if (!string.IsNullOrEmpty(model))
        {
            query = query.Where(c => c.Model == model);
        }

        if (!string.IsNullOrEmpty(outcome))
        {
            query = query.Where(c => c.Outcome == outcome);
        }

        if (before is { } id)
        {
            query = query.Where(c => c.Id < id);
        }

        return await query.OrderByDescending(c => c.Id).Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ConflictRecord>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < 500 && _queue.Reader.TryRead(out var record))
                {
                    batch.Add(record);
                }

                await StoreAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: entries still queued are lost with the process, as metrics would be.
        }
    }

    private async Task StoreAsync(List<ConflictRecord> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.Conflicts.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            var now = time.GetUtcNow();
            if (now - _lastSweep > TimeSpan.FromMinutes(1))
            {
                _lastSweep = now;
                var horizon = now.AddDays(-options.Value.ConflictLogDays).ToUnixTimeMilliseconds();
                await db.Conflicts.Where(c => c.At < horizon).ExecuteDeleteAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            LogStoreFailed(logger, batch.Count, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store {Count} conflict log entries")]
    private static partial void LogStoreFailed(ILogger logger, int count, Exception exception);
}
