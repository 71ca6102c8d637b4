using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Utilities;
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
internal sealed class StratusSchemaFactory(ModelSchema models, SyncQueries queries, SyncMutations mutations, RelationshipResolvers relationships, Realtime.SubscriptionStreams streams, Observability.StratusTelemetry telemetry)
{
    /// <summary>A subscription field's value is the event item itself.</summary>
    private static readonly IFieldResolver SourceResolver = new FuncFieldResolver<object?>(context => context.Source);

    private static readonly IFieldResolver DictionaryResolver = new FuncFieldResolver<object?>(context =>
        context.Source is IDictionary<string, object?> map ? map.Lookup(context.FieldDefinition.Name) : null);

    public ISchema Create()
    {
        var schema = GraphQL.Types.Schema.For(AppSyncSdlWriter.WriteExecutable(models), builder =>
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
        });
        foreach (var scalar in Enum.GetValues<ScalarType>().Where(s => s.ToString().StartsWith("AWS", StringComparison.Ordinal)))
        {
            schema.RegisterType(new AwsScalarGraphType(scalar));
        }

        schema.Initialize();
        return schema;
    }

    private void BindModel(SchemaBuilder builder, ModelDefinition model)
    {
        var type = builder.Types.For(model.Name);
        foreach (var field in model.Fields)
        {
            type.FieldFor(field.Name).Resolver = field.Relationship is null ? DictionaryResolver : relationships.For(model, field);
        }

        foreach (var meta in new[] { "_version", "_deleted", "_lastChangedAt" })
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
            var keys = model.PrimaryKey.AllFields.ToDictionary(k => k, ctx.Raw);
            var item = await queries.GetAsync(model, keys, ctx.CancellationToken);
            return item is null ? null : SyncQueries.Output(item);
        });
        Bind(query, ops.List, async ctx =>
        {
            var partition = model.GetField(model.PrimaryKey.PartitionField);
            var spec = model.PrimaryKey.IsCustom
                ? QueryBuilder.ForKey(ctx, model, partition, ctx.Raw(partition.Name), model.PrimaryKey.SortKeyFields)
                : new Storage.QuerySpec { Filter = ctx.Filter("filter") };
            return (await queries.QueryAsync(model, ctx.TokenScope(), spec, ctx.Int("limit"), ctx.String("nextToken"), ctx.CancellationToken)).ToGraphQL();
        });
        Bind(query, ops.Sync, async ctx =>
            (await queries.SyncAsync(model, ctx.TokenScope(), ctx.Filter("filter"), ctx.Int("limit"), ctx.String("nextToken"), ctx.Long("lastSync"), ctx.CancellationToken)).ToGraphQL());
        foreach (var index in model.Indexes.Where(i => i.QueryField is not null))
        {
            Bind(query, index.QueryField, async ctx =>
            {
                var spec = QueryBuilder.ForKey(ctx, model, model.GetField(index.PartitionField), ctx.Raw(index.PartitionField), index.SortKeyFields);
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
            SyncQueries.Output(await mutations.CreateAsync(model, ctx.Map("input"), ctx.Filter("condition"), ctx.CancellationToken)));
        Bind(mutation, ops.Update, async ctx =>
            SyncQueries.Output(await mutations.UpdateAsync(model, ops.Update!, ctx.Map("input"), ctx.Filter("condition"), ctx.CancellationToken, ctx.ArgumentsJson())));
        Bind(mutation, ops.Delete, async ctx =>
            SyncQueries.Output(await mutations.DeleteAsync(model, ops.Delete!, ctx.Map("input"), ctx.Filter("condition"), ctx.CancellationToken, ctx.ArgumentsJson())));
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
        catch (Errors.AppSyncError e)
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
