using System.Collections.Concurrent;
using Stratus.Server.Auth;

namespace Stratus.Server.AdminConsole;

/// <summary>What one caller (an API key or a user) did with one model's sync.</summary>
public sealed record ModelSyncActivity(string Model, long? LastSync, DateTimeOffset LastSyncAt, DateTimeOffset? LastBaseSyncAt, long Syncs);

/// <summary>One caller as the console shows it: requests, errors and each model's sync position.</summary>
public sealed record ClientInfo(string Caller, long Requests, long Errors, DateTimeOffset LastSeen, IReadOnlyList<ModelSyncActivity> Models);

/// <summary>
/// Who is syncing, in this process: per API key or user, their requests and errors and, per model, the last
/// <c>lastSync</c> they asked for (how far behind they are) and their last base sync.
/// </summary>
public sealed class ClientActivity(IHttpContextAccessor http, TimeProvider time)
{
    /// <summary>Callers kept; past it the one seen longest ago is forgotten.</summary>
    public const int MaxCallers = 10_000;

    private readonly ConcurrentDictionary<string, Caller> _callers = new(StringComparer.Ordinal);

    public IReadOnlyList<ClientInfo> List() =>
        [.. _callers.Select(p => p.Value.Info(p.Key)).OrderByDescending(c => c.LastSeen)];

    internal void Request(CallerIdentity? identity, bool failed)
    {
        if (identity is null)
        {
            return;
        }

        Get(identity.Name).Seen(time.GetUtcNow(), failed);
    }

    /// <summary>A sync's first page: <paramref name="lastSync"/> as the client sent it; <paramref name="isBase"/> for a base sync.</summary>
    internal void Synced(string model, long? lastSync, bool isBase)
    {
        if (http.HttpContext?.Items[Graphql.GraphqlEndpoint.CallerKey] is not CallerIdentity identity)
        {
            return;
        }

        Get(identity.Name).Synced(model, lastSync, isBase, time.GetUtcNow());
    }

    private Caller Get(string name)
    {
        if (_callers.TryGetValue(name, out var known))
        {
            return known;
        }

        if (_callers.Count >= MaxCallers && _callers.MinBy(p => p.Value.LastSeen) is { Key: { } oldest })
        {
            _callers.TryRemove(oldest, out _);
        }

        return _callers.GetOrAdd(name, _ => new Caller());
    }

    private sealed class Caller
    {
        private readonly ConcurrentDictionary<string, ModelSyncActivity> _models = new(StringComparer.Ordinal);
        private long _requests;
        private long _errors;
        private long _lastSeen;

        public long LastSeen => Interlocked.Read(ref _lastSeen);

        public void Seen(DateTimeOffset now, bool failed)
        {
            Interlocked.Increment(ref _requests);
            if (failed)
            {
                Interlocked.Increment(ref _errors);
            }

            Interlocked.Exchange(ref _lastSeen, now.ToUnixTimeMilliseconds());
        }

        public void Synced(string model, long? lastSync, bool isBase, DateTimeOffset now)
        {
            Interlocked.Exchange(ref _lastSeen, now.ToUnixTimeMilliseconds());
            _models.AddOrUpdate(model,
                _ => new ModelSyncActivity(model, lastSync, now, isBase ? now : null, 1),
                (_, previous) => new ModelSyncActivity(model, lastSync, now, isBase ? now : previous.LastBaseSyncAt, previous.Syncs + 1));
        }

        public ClientInfo Info(string name) => new(name, Interlocked.Read(ref _requests), Interlocked.Read(ref _errors),
            DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _lastSeen)), [.. _models.Values.OrderBy(m => m.Model, StringComparer.Ordinal)]);
    }
}
