using System.Linq.Expressions;
using Stratus.DataStore.Events;
using Stratus.DataStore.Models;
using Stratus.DataStore.Querying;
using Stratus.Schema.Filters;

namespace Stratus.DataStore;

public sealed partial class StratusDataStore
{
    /// <summary>
    /// Every committed change to <typeparamref name="T"/> records (matching <paramref name="predicate"/> when given,
    /// tested on the record as stored, with the same semantics as queries), in commit order.
    /// Predicates across relationships are for queries; observe those with <see cref="ObserveQuery{T}"/>.
    /// </summary>
    public IObservable<ModelChange<T>> Observe<T>(Expression<Func<T, bool>>? predicate = null)
        where T : StratusModel
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var info = _catalog.Get<T>();
        var filter = predicate is null ? null : _predicates.Translate(info, predicate);
        if (filter is not null && HasRelated(filter))
        {
            throw new ArgumentException($"Observe tests each changed {info.Name} on its own, so its predicate cannot cross relationships; use ObserveQuery for that.", nameof(predicate));
        }

        return new Observable<ModelChange<T>>(observer => _feed.Subscribe(
            change =>
            {
                if (change.Model == info && FilterEvaluator.Matches(filter, change.Json))
                {
                    observer.OnNext(new ModelChange<T>(change.OpType, (T)change.Element, info.Name));
                }
            },
            observer.OnCompleted));
    }

    /// <summary>Every committed change to the record with this id.</summary>
    public IObservable<ModelChange<T>> Observe<T>(string id)
        where T : StratusModel
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var info = _catalog.Get<T>();
        return new Observable<ModelChange<T>>(observer => _feed.Subscribe(
            change =>
            {
                if (change.Model == info && info.ModelId(change.Element) == id)
                {
                    observer.OnNext(new ModelChange<T>(change.OpType, (T)change.Element, info.Name));
                }
            },
            observer.OnCompleted));
    }

    /// <summary>Every committed change to any model.</summary>
    public IObservable<ModelChange<StratusModel>> Observe() => _disposed
        ? throw new ObjectDisposedException(nameof(StratusDataStore))
        : new Observable<ModelChange<StratusModel>>(observer => _feed.Subscribe(
            change => observer.OnNext(new ModelChange<StratusModel>(change.OpType, change.Element, change.Model.Name)),
            observer.OnCompleted));

    /// <summary><see cref="Observe{T}(Expression{Func{T, bool}}?)"/> as an async stream, until <paramref name="cancellationToken"/> is cancelled.</summary>
    public IAsyncEnumerable<ModelChange<T>> ObserveAsync<T>(Expression<Func<T, bool>>? predicate = null, CancellationToken cancellationToken = default)
        where T : StratusModel => Observe(predicate).ToAsyncEnumerable(cancellationToken);

    /// <summary>
    /// Snapshots of a live query: the current result first, then a new one after changes. Until the model is synced,
    /// changes are batched (a snapshot per <c>SyncPageSize</c> changes or per <c>ObserveQueryMaxInterval</c>); once synced
    /// (always, in local-only mode) every change brings a snapshot. Each snapshot is a full SQL query, so records
    /// that stop matching leave it and sort and paging hold.
    /// </summary>
    public IObservable<QuerySnapshot<T>> ObserveQuery<T>(Expression<Func<T, bool>>? predicate = null, QueryOptions<T>? options = null)
        where T : StratusModel
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var info = _catalog.Get<T>();
        var filter = predicate is null ? null : _predicates.Translate(info, predicate);
        return new Observable<QuerySnapshot<T>>(observer => new ObserveQuerySession<T>(
            observer,
            ct => QueryCoreAsync<T>(info, filter, options?.Sort ?? [], options?.Limit, options?.PageIndex ?? 0, ct),
            () => SyncStatus.IsSynced(info.Name),
            _feed,
            _events,
            Watched(info, filter),
            _options.SyncPageSize,
            _options.ObserveQueryMaxInterval,
            _time).Start());
    }

    /// <summary><see cref="ObserveQuery{T}"/> as an async stream, until <paramref name="cancellationToken"/> is cancelled.</summary>
    public IAsyncEnumerable<QuerySnapshot<T>> ObserveQueryAsync<T>(Expression<Func<T, bool>>? predicate = null, QueryOptions<T>? options = null, CancellationToken cancellationToken = default)
        where T : StratusModel => ObserveQuery(predicate, options).ToAsyncEnumerable(cancellationToken);

    /// <summary>The model and every model its filter reaches through relationships: a change to any can change the result.</summary>
    private HashSet<ModelInfo> Watched(ModelInfo model, FilterNode? filter)
    {
        var watched = new HashSet<ModelInfo> { model };
        Collect(model, filter);
        return watched;

        void Collect(ModelInfo on, FilterNode? node)
        {
            switch (node)
            {
                case RelatedFilter across:
                    var related = _catalog.Get(on.Definition.GetField(across.Relationship).Relationship!.RelatedModel);
                    watched.Add(related);
                    Collect(related, across.Filter);
                    break;
                case AndFilter and:
                    and.Children.ToList().ForEach(c => Collect(on, c));
                    break;
                case OrFilter or:
                    or.Children.ToList().ForEach(c => Collect(on, c));
                    break;
                case NotFilter not:
                    Collect(on, not.Child);
                    break;
            }
        }
    }

    private static bool HasRelated(FilterNode node) => node switch
    {
        RelatedFilter => true,
        AndFilter and => and.Children.Any(HasRelated),
        OrFilter or => or.Children.Any(HasRelated),
        NotFilter not => HasRelated(not.Child),
        _ => false,
    };
}
