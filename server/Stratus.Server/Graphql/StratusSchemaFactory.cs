using Stratus.Schema.AppSync.Errors;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Utilities;
using GraphQL;
using Stratus.Schema.AppSync;
using Stratus.Schema.Model;
using Stratus.Server.Graphql.Relationships;
using Stratus.Server.Graphql.Scalars;
using Stratus.Server.Realtime.Bus;
using Stratus.Server.Sync;

namespace Stratus.Server.Graphql;

/// <summary>
/// Builds the executable GraphQL for .NET schema from the generated AppSync SDL (so what runs is exactly what
/// <c>stratus schema print</c> shows) and binds one generic resolver per operation.
/// </summary>
internal sealed class StratusSchemaFactory(ModelSchema models, SyncQueries queries, SyncMutations mutations, RelationshipResolvers relationships, Realtime.SubscriptionStreams streams, Auth.Rules.AuthorizationPolicy policy, Microsoft.Extensions.Options.IOptions<Hosting.StratusOptions> options, Observability.StratusTelemetry telemetry)
{
    /// <summary>A subscription field's value is the event item itself.</summary>
    private static readonly IFieldResolver SourceResolver = new FuncFieldResolver<object?>(context => context.Source);

    /// <summary>A stored field: the value under the field's name in the item dictionary.</summary>
    internal static readonly IFieldResolver DictionaryResolver = new FuncFieldResolver<object?>(context =>
        context.Source is IDictionary<string, object?> map ? map.Lookup(context.FieldDefinition.Name) : null);

    public ISchema Create()
    {
        var schema = GraphQL.Types.Schema.For(AppSyncSdlWriter.WriteExecutable(models, Hosting.AuthModeProviders.For(options.Value)), builder =>
        {
            foreach (var model in models.Models)
            {
                BindModel(builder, model);
            }

            foreach (var nonModel in models.NonModels)
            {
                foreach (var field in nonModel.Fields)
                {
                    builder.Types.For(nonModel.Name).FieldFor(field.Name).Resolver = DictionaryResolver;
                }
            }

            foreach (var custom in models.CustomFields)
            {
                BindCustom(builder, custom);
            }

            // Only custom operations (which are not served) return interfaces and unions: no value ever needs its type resolved.
            foreach (var type in models.AbstractTypes)
            {
                builder.Types.For(type.Name).ResolveType = _ => throw new AppSyncException("UnsupportedOperation", $"{type.Name} is returned only by custom operations, which Stratus does not serve.");
            }
        });
        foreach (var scalar in Enum.GetValues<ScalarType>().Where(s => s.ToString().StartsWith("AWS", StringComparison.Ordinal)))
        {
            schema.RegisterType(new AwsScalarGraphType(scalar));
        }

        schema.Initialize();
        return schema;
    }

    /// <summary>
    /// A custom operation of the schema is served as part of the API (so clients and tools see the schema they
    /// wrote), but Stratus has no data source for it: calling it answers <c>UnsupportedOperation</c>, not a silent null.
    /// </summary>
    private static void BindCustom(SchemaBuilder builder, CustomField custom)
    {
        var message = $"{custom.RootType}.{custom.Name} is a custom operation of the schema; Stratus serves the operations generated from @model types and has no data source for it (on AppSync it runs its @function or @http resolver).";
        var field = builder.Types.For(custom.RootType).FieldFor(custom.Name);
        if (custom.RootType == "Subscription")
        {
            field.StreamResolver = new SourceStreamResolver<object?>((Func<IResolveFieldContext, IObservable<object?>>)(_ => throw new AppSyncException("UnsupportedOperation", message)));
            field.Resolver = SourceResolver;
        }
        else
        {
            field.Resolver = new FuncFieldResolver<object?>(_ => throw new AppSyncException("UnsupportedOperation", message));
        }
    }

    private void BindModel(SchemaBuilder builder, ModelDefinition model)
    {
        var type = builder.Types.For(model.Name);
        foreach (var field in model.Fields)
        {
            var resolver = field.Relationship is null ? DictionaryResolver : relationships.For(model, field);
            type.FieldFor(field.Name).Resolver = field.AuthRules.Count == 0 ? resolver : FieldGuard(model, field, resolver);
        }

        foreach (var meta in new[] { SyncFields.Version, SyncFields.Deleted, SyncFields.LastChangedAt })
        {
            type.FieldFor(meta).Resolver = DictionaryResolver;
        }

        var connection = builder.Types.For($"Model{model.Name}Connection");
        foreach (var name in new[] { "items", "nextToken", "startedAt" })
        {
            if (model.Operations is { Get: null, List: null, Sync: null, Create: null, Update: null, Delete: null })
            {
                break;
            }

            connection.FieldFor(name).Resolver = DictionaryResolver;
        }

        var ops = model.Operations;
        var query = builder.Types.For("Query");
        Bind(query, ops.Get, async ctx =>
        {
            var access = Authorize(ctx, model, "get", ops.Get!, "Query");
            var keys = model.PrimaryKey.AllFields.ToDictionary(k => k, ctx.Raw);
            var item = await queries.GetAsync(model, keys, ctx.CancellationToken);

            // An item the caller may not read looks exactly like a missing one.
            return item is null || !Schema.Filters.FilterEvaluator.Matches(access.RowFilter, item.ToGraphQL()) ? null : SyncQueries.Output(item);
        });
        Bind(query, ops.List, async ctx =>
        {
            var access = Authorize(ctx, model, "list", ops.List!, "Query");
            var partition = model.GetField(model.PrimaryKey.PartitionField);
            var spec = model.PrimaryKey.IsCustom
                ? QueryBuilder.ForKey(ctx, model, partition, ctx.Raw(partition.Name), model.PrimaryKey.SortKeyFields)
                : new Storage.QuerySpec { Filter = ctx.Filter("filter") };
            spec = spec with { Filter = access.And(spec.Filter) };
            return (await queries.QueryAsync(model, ctx.TokenScope(), spec, ctx.Int("limit"), ctx.String("nextToken"), ctx.CancellationToken)).ToGraphQL();
        });
        Bind(query, ops.Sync, async ctx =>
        {
            var access = Authorize(ctx, model, "sync", ops.Sync!, "Query");
            return (await queries.SyncAsync(model, ctx.TokenScope(), access.And(ctx.Filter("filter")), ctx.Int("limit"), ctx.String("nextToken"), ctx.Long("lastSync"), ctx.CancellationToken)).ToGraphQL();
        });
        foreach (var index in model.Indexes.Where(i => i.QueryField is not null))
        {
            Bind(query, index.QueryField, async ctx =>
            {
                var access = Authorize(ctx, model, "list", index.QueryField!, "Query");
                var spec = QueryBuilder.ForKey(ctx, model, model.GetField(index.PartitionField), ctx.Raw(index.PartitionField), index.SortKeyFields);
                spec = spec with { Filter = access.And(spec.Filter) };
                return (await queries.QueryAsync(model, ctx.TokenScope(), spec, ctx.Int("limit"), ctx.String("nextToken"), ctx.CancellationToken)).ToGraphQL();
            });
        }

        var subscription = builder.Types.For("Subscription");
        foreach (var (name, operation) in new[] { (ops.OnCreate, ChangeOperation.Create), (ops.OnUpdate, ChangeOperation.Update), (ops.OnDelete, ChangeOperation.Delete) })
        {
            if (name is not null)
            {
                var field = subscription.FieldFor(name);
                field.StreamResolver = streams.For(model, operation);
                field.Resolver = SourceResolver;
            }
        }

        var mutation = builder.Types.For("Mutation");
        Bind(mutation, ops.Create, async ctx =>
        {
            var input = OwnedInput(ctx, model, Authorize(ctx, model, "create", ops.Create!, "Mutation"), ops.Create!);
            AuthorizeFields(ctx, model, "create", input, ops.Create!);
            return SyncQueries.Output(await mutations.CreateAsync(model, input, ctx.Filter("condition"), ctx.CancellationToken));
        });
        Bind(mutation, ops.Update, async ctx =>
        {
            var access = Authorize(ctx, model, "update", ops.Update!, "Mutation");
            var input = ctx.Map("input");
            var fieldAccess = AuthorizeFields(ctx, model, "update", input, ops.Update!);
            if (access.RowFilter is not null && TakesOver(model, input, access))
            {
                throw new UnauthorizedFieldException(ops.Update!, "Mutation");
            }

            return SyncQueries.Output(await mutations.UpdateAsync(model, ops.Update!, input, ctx.Filter("condition"), ctx.CancellationToken, ctx.ArgumentsJson(), access.And(fieldAccess)));
        });
        Bind(mutation, ops.Delete, async ctx =>
        {
            var access = Authorize(ctx, model, "delete", ops.Delete!, "Mutation");
            return SyncQueries.Output(await mutations.DeleteAsync(model, ops.Delete!, ctx.Map("input"), ctx.Filter("condition"), ctx.CancellationToken, ctx.ArgumentsJson(), access.RowFilter));
        });
    }

    /// <summary>
    /// A field with its own @auth rules: a caller who may not read it gets AppSync's Unauthorized error for the
    /// field (its value null); in a subscription event the field is redacted to null instead, so the event still
    /// reaches clients that skip messages with errors.
    /// </summary>
    private IFieldResolver FieldGuard(ModelDefinition model, FieldDefinition field, IFieldResolver inner) =>
        new FuncFieldResolver<object?>(context =>
        {
            var access = policy.DecideField(model, field, "get", Caller(context));
            var item = context.Source as IDictionary<string, object?>;
            var readable = access.Allowed && (access.RowFilter is null
                || (item is not null && Schema.Filters.FilterEvaluator.Matches(access.RowFilter, Sync.ItemJson.FromArgument(item)!.AsObject())));
            if (readable)
            {
                return inner.ResolveAsync(context);
            }

            return context.UserContext.ContainsKey(Realtime.SubscriptionStreams.RealtimeKey)
                ? default
                : throw new UnauthorizedFieldException(field.Name, model.Name);
        });

    /// <summary>
    /// Fields with their own @auth rules may be written only by callers those rules allow. Row-based field rules
    /// come back as a filter: a create checks it on the new item here, an update on the stored item under its lock.
    /// </summary>
    private Schema.Filters.FilterNode? AuthorizeFields(IResolveFieldContext context, ModelDefinition model, string operation, IReadOnlyDictionary<string, object?> input, string mutationField)
    {
        Schema.Filters.FilterNode? required = null;
        foreach (var field in model.Fields.Where(f => f.AuthRules.Count > 0 && input.ContainsKey(f.Name)))
        {
            var access = policy.DecideField(model, field, operation, Caller(context));
            if (!access.Allowed)
            {
                throw new UnauthorizedFieldException(mutationField, "Mutation");
            }

            required = access.And(required);
        }

        if (operation == "create" && required is not null && !Schema.Filters.FilterEvaluator.Matches(required, Sync.ItemJson.FromArgument(input)!.AsObject()))
        {
            throw new UnauthorizedFieldException(mutationField, "Mutation");
        }

        return required;
    }

    /// <summary>The caller's access under the model's @auth rules; denied access is AppSync's Unauthorized error.</summary>
    private Auth.Rules.AuthDecision Authorize(IResolveFieldContext context, ModelDefinition model, string operation, string field, string parentType)
    {
        var decision = policy.Decide(model, operation, Caller(context));
        return decision.Allowed ? decision : throw new UnauthorizedFieldException(field, parentType);
    }

    internal static Auth.CallerIdentity? Caller(IResolveFieldContext context) =>
        context.UserContext.TryGetValue(GraphqlEndpoint.CallerKey, out var caller) ? caller as Auth.CallerIdentity : null;

    /// <summary>
    /// A caller allowed to create only as an owner becomes the owner: an absent owner field is filled with its
    /// identity, and naming someone else is refused.
    /// </summary>
    private static IReadOnlyDictionary<string, object?> OwnedInput(IResolveFieldContext context, ModelDefinition model, Auth.Rules.AuthDecision access, string field)
    {
        var input = new Dictionary<string, object?>(context.Map("input"));
        if (access.RowFilter is null || Caller(context) is not { } caller)
        {
            return input;
        }

        foreach (var rule in Auth.Rules.AuthorizationPolicy.OwnerRules(model, "create", caller))
        {
            var value = Auth.Rules.AuthorizationPolicy.OwnerValue(caller, rule);
            var ownerField = rule.OwnerField!;
            var isList = model.FindField(ownerField)?.IsList == true;
            if (input.GetValueOrDefault(ownerField) is null)
            {
                input[ownerField] = isList ? new List<object?> { value } : value;
            }
        }

        var item = Sync.ItemJson.FromArgument(input)!.AsObject();
        return Schema.Filters.FilterEvaluator.Matches(access.RowFilter, item) ? input : throw new UnauthorizedFieldException(field, "Mutation");
    }

    /// <summary>True when an update would move an item out of the caller's reach (e.g. hand it to another owner).</summary>
    private static bool TakesOver(ModelDefinition model, IReadOnlyDictionary<string, object?> input, Auth.Rules.AuthDecision access)
    {
        var touched = input.Keys.ToHashSet(StringComparer.Ordinal);
        var guarded = Schema.Filters.FilterFields.Of(access.RowFilter).Where(touched.Contains).ToList();
        if (guarded.Count == 0)
        {
            return false;
        }

        var after = Sync.ItemJson.FromArgument(input.Where(p => guarded.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value))!.AsObject();
        return !Schema.Filters.FilterEvaluator.Matches(access.RowFilter, after);
    }


    private void Bind(TypeConfig type, string? field, Func<IResolveFieldContext, Task<object?>> resolve)
    {
        if (field is not null)
        {
            type.FieldFor(field).Resolver = new FuncFieldResolver<object?>(ctx => new ValueTask<object?>(MeasureAsync(type.Name, field, ctx, resolve)));
        }
    }

    private async Task<object?> MeasureAsync(string parentType, string field, IResolveFieldContext context, Func<IResolveFieldContext, Task<object?>> resolve)
    {
        using var activity = telemetry.Tracing.StartActivity($"{parentType}.{field}");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await resolve(context);
        }
        catch (AppSyncException e)
        {
            outcome = e.ErrorType;
            activity?.SetTag("stratus.error_type", e.ErrorType);
            throw;
        }
        finally
        {
            telemetry.ResolverDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                new KeyValuePair<string, object?>("field", field), new("type", parentType), new("outcome", outcome));
        }
    }
}
