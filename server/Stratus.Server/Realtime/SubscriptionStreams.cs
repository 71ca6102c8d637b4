using GraphQL;
using GraphQL.Resolvers;
using Stratus.Schema.Filters;
using Stratus.Schema.Model;
using Stratus.Server.Graphql;
using Stratus.Schema.AppSync.Errors;
using Stratus.Server.Realtime.Bus;
using Stratus.Server.Sync;

namespace Stratus.Server.Realtime;

/// <summary>
/// The source streams of <c>onCreateX</c>/<c>onUpdateX</c>/<c>onDeleteX</c>: the bus's events for the model and
/// operation, kept when the subscription's <c>filter</c> (and any other argument, such as <c>owner</c>, as an
/// equality) matches the item. GraphQL for .NET then shapes each event with the subscription's selection set.
/// Filters are held to <see cref="SubscriptionFilterLimits"/>, and to the field-level rules of the fields they read.
/// </summary>
internal sealed class SubscriptionStreams(ISubscriptionBus bus, Auth.Rules.AuthorizationPolicy policy)
{
    /// <summary>Marks executions that come from the real-time endpoint; plain HTTP cannot subscribe.</summary>
    public const string RealtimeKey = "stratus.realtime";

    public ISourceStreamResolver For(ModelDefinition model, ChangeOperation operation) =>
        new SourceStreamResolver<object?>((Func<IResolveFieldContext, IObservable<object?>>)(context =>
        {
            if (!context.UserContext.ContainsKey(RealtimeKey))
            {
                throw new AppSyncException("UnsupportedOperation", "Subscriptions are served over the real-time WebSocket endpoint /graphql/realtime.");
            }

            // Listening needs read access; owner and group rules narrow the events to the caller's items.
            var access = policy.Decide(model, "listen", StratusSchemaFactory.Caller(context));
            if (!access.Allowed)
            {
                throw new UnauthorizedFieldException(context.FieldDefinition.Name, "Subscription");
            }

            var requested = context.Filter("filter");
            SubscriptionFilterLimits.Check(requested);
            var equalities = context.Arguments?
                .Where(a => a.Key != "filter" && a.Value.Value is not null)
                .Select(a => (FilterNode)new FieldFilter(a.Key, FilterOperator.Eq, [a.Value.Value]))
                .ToList() ?? [];

            // Filtering on a field is reading it: a field with its own @auth rules may be filtered on only by a caller
            // those rules let read it, and only on the items they let it read.
            var filter = access.And(requested);
            foreach (var name in FilterFields.Of(requested).Concat(equalities.SelectMany(FilterFields.Of)).Distinct(StringComparer.Ordinal))
            {
                if (model.FindField(name) is not { AuthRules.Count: > 0 } guarded)
                {
                    continue;
                }

                var fieldAccess = policy.DecideField(model, guarded, "listen", StratusSchemaFactory.Caller(context));
                filter = fieldAccess.Allowed ? fieldAccess.And(filter) : throw new UnauthorizedFieldException(context.FieldDefinition.Name, "Subscription");
            }

            var condition = equalities.Count == 0 ? filter : new AndFilter(filter is null ? equalities : [.. equalities, filter]);
            return new ChangeStream(bus, model.Name, operation, condition, _shaped);
        }));

    /// <summary>Each event's item in GraphQL's shape, made once for all the subscriptions it reaches (resolvers only read it).</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ChangeEvent, object?> _shaped = new();

    private sealed class ChangeStream(ISubscriptionBus bus, string model, ChangeOperation operation, FilterNode? condition,
        System.Runtime.CompilerServices.ConditionalWeakTable<ChangeEvent, object?> shaped) : IObservable<object?>
    {
        public IDisposable Subscribe(IObserver<object?> observer) => bus.Subscribe(change =>
        {
            if (change.Model == model && change.Operation == operation && FilterEvaluator.Matches(condition, change.Item))
            {
                observer.OnNext(shaped.GetValue(change, c => ItemJson.ToGraphQL(c.Item)));
            }
        });
    }
}
