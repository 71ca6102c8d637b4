using GraphQL;
using Stratus.Schema.AppSync;
using Stratus.Schema.Model;
using Stratus.Schema.AppSync.Errors;
using Stratus.Server.Storage;

namespace Stratus.Server.Graphql;

/// <summary>Builds the <see cref="QuerySpec"/> of a list, index or hasMany field from its arguments.</summary>
internal static class QueryBuilder
{
    private static readonly string[] KeyOperators = ["eq", "le", "lt", "ge", "gt", "between", "beginsWith"];

    /// <summary>A query on a partition value and optional sort key fields (primary key, @index, or hasMany).</summary>
    public static QuerySpec ForKey(IResolveFieldContext context, ModelDefinition model, FieldDefinition partition, object? partitionValue, IReadOnlyList<string> sortKeyFields)
    {
        var sortFields = sortKeyFields.Select(model.GetField).ToList();
        var argument = SortKeyArgument.For(model, sortKeyFields, null);
        return new QuerySpec
        {
            Filter = context.Filter("filter"),
            Partition = partitionValue is null ? null : (partition, partitionValue),
            SortKey = argument is null ? null : SortKey(context.Raw(argument.ArgumentName), sortFields, argument.ArgumentName),
            OrderBy = partitionValue is null ? [] : sortFields,
            Required = sortFields.Prepend(partition).ToList(),
            Descending = context.Raw("sortDirection") as string == "DESC",
        };
    }

    private static KeyCondition? SortKey(object? raw, IReadOnlyList<FieldDefinition> fields, string argument)
    {
        if (raw is not IDictionary<string, object?> condition || condition.Count == 0)
        {
            return null;
        }

        if (condition.Count > 1)
        {
            throw new BadRequestException($"{argument} takes exactly one key condition operator; got {string.Join(", ", condition.Keys)}.");
        }

        var (op, value) = condition.Single();
        if (!KeyOperators.Contains(op) || value is null)
        {
            throw new BadRequestException($"{argument}.{op} needs a value.");
        }

        IReadOnlyList<object?> Operand(object? v) => fields.Count == 1
            ? [v]
            : v is IDictionary<string, object?> map
                ? fields.TakeWhile(f => map.Lookup(f.Name) is not null).Select(f => map[f.Name]).ToList()
                : throw new BadRequestException($"{argument}.{op} needs an object of key fields.");

        var operands = op == "between"
            ? (value as IEnumerable<object?>)?.Select(Operand).ToList() is { Count: 2 } pair ? pair : throw new BadRequestException($"{argument}.between needs two values.")
            : [Operand(value)];
        if (operands.Any(o => o.Count == 0))
        {
            throw new BadRequestException($"{argument}.{op} needs at least the first sort key field.");
        }

        return new KeyCondition(op, fields, operands);
    }
}
