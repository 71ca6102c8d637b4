using System.Buffers;
using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GraphQL.Execution;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Stratus.Server.Graphql.Pages;

/// <summary>
/// GraphQL for .NET's parallel strategy, except for lists of <see cref="PageItem"/>s: when the items' selection
/// is only plain stored fields (see <see cref="PageItemSelection"/>), the whole page is written to JSON here in one
/// pass, without an execution node, a resolver call and a value conversion per field. Anything the fast path is not
/// sure of (another selection, a value that does not fit its field) runs through the engine as before, the items
/// being field dictionaries too.
/// </summary>
internal sealed class PageWritingExecutionStrategy(IFieldResolver plainResolver) : ParallelExecutionStrategy
{
    private readonly ConditionalWeakTable<GraphQLField, PageItemSelection.Holder> _selections = new();

    protected override Task SetArrayItemNodesAsync(GraphQL.Execution.ExecutionContext context, ArrayExecutionNode parent)
    {
        if (parent.Result is IList { Count: > 0 } list && list[0] is PageItem && Selection(parent) is { } selection && Write(selection, list) is { } written)
        {
            parent.SerializedResult = written;
            return Task.CompletedTask;
        }

        return base.SetArrayItemNodesAsync(context, parent);
    }

    private PageItemSelection? Selection(ArrayExecutionNode parent)
    {
        var itemType = ((ListGraphType)parent.GraphType!).ResolvedType;
        if (itemType is NonNullGraphType nonNull)
        {
            itemType = nonNull.ResolvedType;
        }

        return itemType is IObjectGraphType objectType && parent.Field is { } field
            ? _selections.GetValue(field, f => new PageItemSelection.Holder(PageItemSelection.For(f, objectType, plainResolver))).Selection
            : null;
    }

    /// <summary>The page as one JSON value per item, or null when one item needs the engine.</summary>
    private static RawJson[]? Write(PageItemSelection selection, IList list)
    {
        var buffer = new ArrayBufferWriter<byte>(list.Count * 256);
        var ends = new int[list.Count];
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is not PageItem item || !selection.TryWrite(writer, item.Stored))
                {
                    return null;
                }

                writer.Flush();
                ends[i] = buffer.WrittenCount;
                writer.Reset(buffer);
            }
        }

        var memory = buffer.WrittenMemory;
        var items = new RawJson[list.Count];
        for (int i = 0, start = 0; i < items.Length; start = ends[i], i++)
        {
            items[i] = new RawJson(memory[start..ends[i]]);
        }

        return items;
    }
}
