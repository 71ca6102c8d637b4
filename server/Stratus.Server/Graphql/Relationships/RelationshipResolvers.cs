using Stratus.Schema.AppSync.Errors;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Resolvers;
using Stratus.Schema.Filters;
using Stratus.Schema.Model;
using Stratus.Server.Storage;
using Stratus.Server.Sync;

namespace Stratus.Server.Graphql.Relationships;

/// <summary>
/// Resolvers for relationship fields, batched per request so a list of N parents costs one query per level, not N:
/// belongsTo/hasOne collect every parent's key and load them with one <c>IN (...)</c> query; hasMany loads the
/// first page of every parent's children with one ranked query. Later hasMany pages (a nextToken), and children of a
/// parent keyed by several fields, run alone.
/// </summary>
internal sealed class RelationshipResolvers(ModelSchema schema, ItemStore store, SyncQueries queries, Auth.Rules.AuthorizationPolicy policy, TimeProvider time)
{
    public IFieldResolver For(ModelDefinition model, FieldDefinition field)
    {
        var relationship = field.Relationship!;
        var related = schema.GetModel(relationship.RelatedModel);
        return relationship.Kind switch
        {
            RelationshipKind.HasMany => HasMany(related, relationship),
            // A @hasOne by references: the related model holds this one's key, so it is the first item of a hasMany.
            RelationshipKind.HasOne when !relationship.RelatedFields.SequenceEqual(related.PrimaryKey.AllFields) => First(HasMany(related, relationship)),
            _ => ToOne(related, relationship),
        };
    }

    private static FuncFieldResolver<object?> First(IFieldResolver hasMany) =>
        new(async context =>
        {
            var page = await hasMany.ResolveAsync(context).ConfigureAwait(false);
            if (page is IDataLoaderResult result)
            {
                page = await result.GetResultAsync(context.CancellationToken).ConfigureAwait(false);
            }

            return page is IDictionary<string, object?> connection && connection.TryGetValue("items", out var items) && items is System.Collections.IEnumerable list
                ? list.Cast<object?>().FirstOrDefault()
                : null;
        });

    private IFieldResolver ToOne(ModelDefinition related, RelationshipDefinition relationship) =>
        new FuncFieldResolver<object?>(context =>
        {
            if (context.Source is not IDictionary<string, object?> parent)
            {
                return default;
            }

            var keys = new Dictionary<string, object?>();
            for (var i = 0; i < relationship.LocalFields.Count; i++)
            {
                if (parent.Lookup(relationship.LocalFields[i]) is not { } value)
                {
                    return default;
                }

                keys[relationship.RelatedFields[i]] = value;
            }

            if (!relationship.RelatedFields.SequenceEqual(related.PrimaryKey.AllFields))
            {
                throw new InternalFailureException($"{related.Name} is not keyed by {string.Join(", ", relationship.RelatedFields)}.");
            }

            // The related model's own read rules apply: an item the caller may not read resolves to null.
            var access = policy.Decide(related, "get", StratusSchemaFactory.Caller(context));
            if (!access.Allowed)
            {
                return default;
            }

            var loader = Loader(context, "toOne:" + related.Name, async (pks, ct) =>
            {
                var items = await store.GetManyAsync(related.Name, pks, time.GetUtcNow().ToUnixTimeSeconds(), ct);
                return items.Where(i => Stratus.Schema.Filters.FilterEvaluator.Matches(access.RowFilter, i.ToGraphQL())).ToDictionary(i => i.Pk, SyncQueries.Output);
            });
            return new ValueTask<object?>(loader.Load(ItemKey.Encode(related, keys)));
        });

    private IFieldResolver HasMany(ModelDefinition related, RelationshipDefinition relationship) =>
        new FuncFieldResolver<object?>(context =>
        {
            if (context.Source is not IDictionary<string, object?> parent)
            {
                return default;
            }

            var partitionField = related.GetField(relationship.RelatedFields[0]);
            var partitionValue = parent.Lookup(relationship.LocalFields[0]);
            if (partitionValue is null)
            {
                return new ValueTask<object?>(new Connection([], null, null).ToGraphQL());
            }

            var access = policy.Decide(related, "list", StratusSchemaFactory.Caller(context));
            if (!access.Allowed)
            {
                return new ValueTask<object?>(new Connection([], null, null).ToGraphQL());
            }

            var index = related.Indexes.FirstOrDefault(i => i.Name == relationship.IndexName);
            var spec = QueryBuilder.ForKey(context, related, partitionField, partitionValue, index?.SortKeyFields ?? []);
            spec = spec with { Filter = access.And(spec.Filter) };
            var scope = context.TokenScope();
            var key = ItemStore.PartitionKey(partitionValue);

            // A key of several fields (a composite parent key): the other fields must match too, so each parent
            // queries alone.
            if (relationship.RelatedFields.Count > 1)
            {
                var values = relationship.LocalFields.Skip(1).Select(parent.Lookup).ToList();
                if (values.Any(v => v is null))
                {
                    return new ValueTask<object?>(new Connection([], null, null).ToGraphQL());
                }

                var matches = relationship.RelatedFields.Skip(1).Zip(values, (field, value) => (FilterNode)new FieldFilter(field, FilterOperator.Eq, [value]));
                spec = spec with { Filter = new AndFilter([.. matches, .. spec.Filter is null ? Array.Empty<FilterNode>() : [spec.Filter]]) };
                var partScope = scope + "@" + key + "@" + string.Join("@", values.Select(v => ItemStore.PartitionKey(v!)));
                return new ValueTask<object?>(NextPageAsync(related, partScope, spec, context.Int("limit"), context.String("nextToken"), context.CancellationToken));
            }

            if (context.String("nextToken") is { } nextToken)
            {
                return new ValueTask<object?>(NextPageAsync(related, scope + "@" + key, spec, context.Int("limit"), nextToken, context.CancellationToken));
            }

            // First pages are batched: one ranked query serves every parent at this level.
            var loader = Loader(context, $"hasMany:{related.Name}.{partitionField.Name}:{scope}:{context.Int("limit")}", async (keys, ct) =>
            {
                var pages = await queries.QueryPartitionsAsync(related, scope, spec with { Partition = null }, partitionField, keys.Cast<object?>().ToList(), context.Int("limit"), ct);
                return pages.ToDictionary(p => p.Key, p => (object?)p.Value.ToGraphQL());
            });
            return new ValueTask<object?>(loader.Load(key));
        });

    private async Task<object?> NextPageAsync(ModelDefinition related, string scope, QuerySpec spec, int? limit, string? nextToken, CancellationToken cancellationToken) =>
        (await queries.QueryAsync(related, scope, spec, limit, nextToken, cancellationToken)).ToGraphQL();

    private static BatchLoader Loader(IResolveFieldContext context, string key, Func<IReadOnlyCollection<string>, CancellationToken, Task<Dictionary<string, object?>>> load)
    {
        lock (context.UserContext)
        {
            if (!context.UserContext.TryGetValue(key, out var existing))
            {
                existing = new BatchLoader(load, context.CancellationToken);
                context.UserContext[key] = existing;
            }

            return (BatchLoader)existing!;
        }
    }
}

/// <summary>
/// Collects keys while a level of the query resolves, then loads them with one query. Nothing is cached past its
/// batch, so each subscription event (which reuses its execution's user context) reads fresh rows.
/// </summary>
internal sealed class BatchLoader(Func<IReadOnlyCollection<string>, CancellationToken, Task<Dictionary<string, object?>>> load, CancellationToken cancellationToken)
{
    private readonly Lock _gate = new();
    private Batch _current = new();

    public IDataLoaderResult<object?> Load(string key)
    {
        lock (_gate)
        {
            _current.Keys.Add(key);
            return new Result(this, _current, key);
        }
    }

    private Task<Dictionary<string, object?>> Dispatch(Batch batch)
    {
        lock (_gate)
        {
            if (batch.Loading is null)
            {
                batch.Loading = load(batch.Keys.ToList(), cancellationToken);
                if (ReferenceEquals(_current, batch))
                {
                    _current = new Batch();
                }
            }

            return batch.Loading;
        }
    }

    private sealed class Batch
    {
        public HashSet<string> Keys { get; } = [];

        public Task<Dictionary<string, object?>>? Loading { get; set; }
    }

    private sealed class Result(BatchLoader loader, Batch batch, string key) : IDataLoaderResult<object?>
    {
        public async Task<object?> GetResultAsync(CancellationToken cancellationToken = default) =>
            (await loader.Dispatch(batch)).GetValueOrDefault(key);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
