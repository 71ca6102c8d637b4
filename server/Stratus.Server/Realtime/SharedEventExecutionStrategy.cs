using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using Stratus.Schema.Model;

namespace Stratus.Server.Realtime;

/// <summary>
/// GraphQL for .NET's subscription strategy, except that an event is shaped and serialized once for all the
/// subscriptions that would answer it alike: the same document and variables (<see cref="ShapeKey"/>) and, when the
/// model has fields with their own auth rules or relationships (answers that depend on who asks), the same caller
/// (<see cref="CallerKey"/>). Each subscription then only adds its id to the shared payload.
/// </summary>
internal sealed class SharedEventExecutionStrategy(IGraphQLTextSerializer serializer, ModelSchema models) : SubscriptionExecutionStrategy
{
    /// <summary>User-context key: the subscription's document, operation name and variables, as sent.</summary>
    public const string ShapeKey = "stratus.shape";

    /// <summary>User-context key: who subscribed, for models whose answers depend on it.</summary>
    public const string CallerKey = "stratus.shape.caller";

    private readonly ConditionalWeakTable<object, ConcurrentDictionary<string, Lazy<Task<ExecutionResult>>>> _events = new();
    private readonly ConcurrentDictionary<string, bool> _callerDependent = new(StringComparer.Ordinal);

    protected override async ValueTask<ExecutionResult> ProcessDataAsync(GraphQL.Execution.ExecutionContext context, ExecutionNode node, object? value)
    {
        if (value is null || !context.UserContext.TryGetValue(ShapeKey, out var shape) || shape is not string key)
        {
            return await base.ProcessDataAsync(context, node, value);
        }

        if (CallerDependent(node.FieldDefinition) && context.UserContext.TryGetValue(CallerKey, out var caller))
        {
            key += "\n" + caller;
        }

        var shared = _events.GetValue(value, _ => new ConcurrentDictionary<string, Lazy<Task<ExecutionResult>>>(StringComparer.Ordinal))
            .GetOrAdd(key, _ => new Lazy<Task<ExecutionResult>>(() => SerializeAsync(context, node, value)));
        try
        {
            return await shared.Value;
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            // The first subscription's run failed for its own reasons (it left, say): this one runs its own.
            return await base.ProcessDataAsync(context, node, value);
        }
    }

    private async Task<ExecutionResult> SerializeAsync(GraphQL.Execution.ExecutionContext context, ExecutionNode node, object? value)
    {
        var result = await base.ProcessDataAsync(context, node, value);
        return new SerializedEventResult(Encoding.UTF8.GetBytes(serializer.Serialize(result)));
    }

    private bool CallerDependent(FieldType field)
    {
        var type = field.ResolvedType is NonNullGraphType nonNull ? nonNull.ResolvedType : field.ResolvedType;
        return type?.Name is not { } name || _callerDependent.GetOrAdd(name, n =>
            models.Models.FirstOrDefault(m => m.Name == n) is not { } model
            || model.Fields.Any(f => f.AuthRules.Count > 0 || f.Relationship is not null));
    }
}

/// <summary>An event's GraphQL response already serialized (UTF-8 JSON), shared by the subscriptions it reaches.</summary>
internal sealed class SerializedEventResult : ExecutionResult
{
    public SerializedEventResult(byte[] payload)
    {
        Payload = payload;
        Executed = true;
    }

    public byte[] Payload { get; }
}
