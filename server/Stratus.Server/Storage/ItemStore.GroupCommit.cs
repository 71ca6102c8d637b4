using System.Collections.Concurrent;

namespace Stratus.Server.Storage;

/// <summary>
/// SQLite's writes commit in groups: SQLite admits one writer at a time and each commit waits for the disk, so
/// writers queue, and whoever holds the writer gate runs every queued write in one transaction, each in its own
/// savepoint (a write that fails is undone alone), commits once, then publishes and answers them in order.
/// </summary>
public sealed partial class ItemStore
{
    /// <summary>At most this many writes share a commit.</summary>
    private const int MaxGroup = 64;

    private readonly ConcurrentQueue<PendingWrite> _pending = new();

    private sealed class PendingWrite(string model, string pk, WriteClock clock, Func<StoredItem?, WritePlan> decide, Func<StoredItem, SqlParameters, string?>? inTransaction, Func<StoredItem, Task>? afterCommit)
    {
        private int _state;

        public string Model => model;

        public string Pk => pk;

        public WriteClock Clock => clock;

        public Func<StoredItem?, WritePlan> Decide => decide;

        public Func<StoredItem, SqlParameters, string?>? InTransaction => inTransaction;

        public Func<StoredItem, Task>? AfterCommit => afterCommit;

        public TaskCompletionSource<StoredItem> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>A group takes the write, unless its caller left first.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        /// <summary>The caller leaves, unless a group took the write already.</summary>
        public bool TryAbandon() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;
    }

    private async Task<StoredItem> GroupWriteAsync(PendingWrite write, CancellationToken cancellationToken)
    {
        _pending.Enqueue(write);
        try
        {
            await _writerGate!.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (write.TryAbandon())
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            // A group took it: it is written (or fails) like the others.
            return await write.Done.Task;
        }

        try
        {
            while (!write.Done.Task.IsCompleted && !_pending.IsEmpty)
            {
                await CommitGroupAsync();
            }
        }
        finally
        {
            _writerGate.Release();
        }

        return await write.Done.Task;
    }

    private async Task CommitGroupAsync()
    {
        var group = new List<PendingWrite>();
        while (group.Count < MaxGroup && _pending.TryDequeue(out var next))
        {
            if (next.TryTake())
            {
                group.Add(next);
            }
        }

        if (group.Count == 0)
        {
            return;
        }

        var written = new List<(PendingWrite Write, StoredItem Item)>();
        try
        {
            await using var connection = await connections.OpenAsync(CancellationToken.None);
            await ExecuteAsync(connection, null, "BEGIN", new SqlParameters(), CancellationToken.None);
            try
            {
                foreach (var write in group)
                {
                    try
                    {
                        written.Add((write, await RunWriteAsync(connection, write, "SAVEPOINT write; ", "; RELEASE write", "ROLLBACK TO write; RELEASE write", CancellationToken.None)));
                    }
                    catch (Exception e)
                    {
                        write.Done.TrySetException(e);
                    }
                }

                await ExecuteAsync(connection, null, "COMMIT", new SqlParameters(), CancellationToken.None);
            }
            catch
            {
                await UndoAsync(connection, "ROLLBACK");
                throw;
            }
        }
        catch (Exception e)
        {
            foreach (var write in group)
            {
                write.Done.TrySetException(e);
            }

            return;
        }

        foreach (var (write, item) in written)
        {
            try
            {
                if (write.AfterCommit is { } afterCommit)
                {
                    await afterCommit(item);
                }

                write.Done.TrySetResult(item);
            }
            catch (Exception e)
            {
                // Committed, but what follows the commit failed: its caller hears of it, the others go on.
                write.Done.TrySetException(e);
            }
        }
    }
}
