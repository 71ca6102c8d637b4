using Stratus.Schema.AppSync;
using Stratus.Schema.Model;

namespace Stratus.Schema.Filters;

/// <summary>
/// Translates a <see cref="FilterNode"/> into a SQL predicate, following the null semantics documented on
/// <see cref="FilterNode"/>: comparisons on a missing value are false, <c>ne</c> and <c>notContains</c> are true on it.
/// The one translation used by the server (fields inside a JSON document) and the client (a column per field);
/// the <paramref name="dialect"/> says how a field is read, <paramref name="addParameter"/> binds a value and returns
/// its placeholder, and <paramref name="related"/> (local queries only) translates a filter across a relationship.
/// </summary>
public sealed class FilterSql(
    IFilterSqlDialect dialect,
    ModelDefinition model,
    Func<object?, string> addParameter,
    string column = "data",
    string deletedColumn = "deleted",
    Func<RelatedFilter, string>? related = null)
{
    public string Translate(FilterNode? node) => Translate(node, negated: false);

    /// <remarks>
    /// SQL's three-valued logic would make <c>NOT (missing = x)</c> unknown, so under a NOT every leaf is made plainly
    /// false on a missing value (<c>COALESCE(leaf, FALSE)</c>). Outside any NOT, AND and OR are monotone and WHERE
    /// already drops unknown rows, so the bare leaf gives the same rows and stays usable by an index.
    /// </remarks>
    private string Translate(FilterNode? node, bool negated) => node switch
    {
        null => "1=1",
        AndFilter and => and.Children.Count == 0 ? "1=1" : "(" + string.Join(" AND ", and.Children.Select(c => Translate(c, negated))) + ")",
        OrFilter or => or.Children.Count == 0 ? "1=0" : "(" + string.Join(" OR ", or.Children.Select(c => Translate(c, negated))) + ")",
        NotFilter not => $"(NOT {Translate(not.Child, negated: true)})",
        FieldFilter field => negated ? $"COALESCE({Field(field)}, FALSE)" : Field(field),
        RelatedFilter across => related is null
            ? throw new FilterException($"{model.Name}: a filter across the relationship '{across.Relationship}' is supported by local queries only.")
            : related(across),
        _ => throw new FilterException($"Unsupported filter node {node.GetType().Name}."),
    };

    private string Field(FieldFilter filter)
    {
        if (filter.Field == "_deleted")
        {
            return Deleted(filter);
        }

        var field = model.FindField(filter.Field);
        if (field is null || !FilterInputNames.IsFilterable(field))
        {
            // The filter input type allows `id` even on models keyed otherwise: nothing has it, so it is a missing
            // value, with the usual null semantics.
            if (filter.Field == "id")
            {
                return MissingValue(filter) ? "1=1" : "1=0";
            }

            throw new FilterException($"{model.Name} has no filterable field '{filter.Field}'.");
        }

        var expression = dialect.Field(field, column);
        var value = filter.Value;
        if (field.IsList && filter.Operator is not (FilterOperator.Contains or FilterOperator.NotContains or FilterOperator.AttributeExists))
        {
            return ListComparison(field, expression, filter);
        }

        switch (filter.Operator)
        {
            case FilterOperator.AttributeExists:
                return value is true ? $"({expression} IS NOT NULL)" : $"({expression} IS NULL)";
            case FilterOperator.Eq when value is null:
                return $"({expression} IS NULL)";
            case FilterOperator.Ne when value is null:
                return $"({expression} IS NOT NULL)";
            case FilterOperator.Ne:
                return $"({expression} IS NULL OR {expression} <> {Param(field, value)})";
            case FilterOperator.In:
                return filter.Values.Count == 0 ? "1=0" : "(" + string.Join(" OR ", filter.Values.Select(v => Compare(expression, "=", field, v))) + ")";
            case FilterOperator.NotIn:
                return filter.Values.Count == 0
                    ? "1=1"
                    : $"({expression} IS NULL OR NOT (" + string.Join(" OR ", filter.Values.Select(v => Compare(expression, "=", field, v))) + "))";
            case FilterOperator.Contains:
                return value is null ? "1=0" : Contains(field, expression, value);
            case FilterOperator.NotContains:
                return value is null ? "1=1" : $"({expression} IS NULL OR NOT {Contains(field, expression, value)})";
            case FilterOperator.BeginsWith:
                return value is null ? "1=0" : $"({expression} IS NOT NULL AND {dialect.BeginsWith(expression, Param(field, value))})";
            case FilterOperator.Between:
                return $"({expression} >= {Param(field, filter.Values[0])} AND {expression} <= {Param(field, filter.Values[1])})";
            default:
                var op = filter.Operator switch
                {
                    FilterOperator.Eq => "=",
                    FilterOperator.Le => "<=",
                    FilterOperator.Lt => "<",
                    FilterOperator.Ge => ">=",
                    _ => ">",
                };
                return value is null ? "1=0" : Compare(expression, op, field, value);
        }
    }

    /// <summary>
    /// A list field against anything but contains: <c>eq</c>/<c>ne</c> with a list compare whole JSON arrays; every
    /// other comparison of a list with a single value is false (true for <c>ne</c>/<c>notIn</c>), as in DynamoDB.
    /// </summary>
    private string ListComparison(FieldDefinition field, string expression, FieldFilter filter)
    {
        var negated = filter.Operator is FilterOperator.Ne or FilterOperator.NotIn;
        if (filter.Operator is FilterOperator.Eq or FilterOperator.Ne && filter.Value is not string && filter.Value is System.Collections.IEnumerable list)
        {
            var equal = dialect.ListEquals(field, addParameter(System.Text.Json.JsonSerializer.Serialize(list)), column);
            return negated ? $"({expression} IS NULL OR NOT {equal})" : $"({expression} IS NOT NULL AND {equal})";
        }

        if (filter.Value is null && filter.Operator is FilterOperator.Eq or FilterOperator.Ne)
        {
            return negated ? $"({expression} IS NOT NULL)" : $"({expression} IS NULL)";
        }

        return negated ? "1=1" : "1=0";
    }

    private string Compare(string expression, string op, FieldDefinition field, object? value) =>
        value is null ? "1=0" : $"({expression} {op} {Param(field, value)})";

    private string Contains(FieldDefinition field, string expression, object value) => field.IsList
        ? dialect.ListContains(field, Param(field, value), column)
        : $"({expression} IS NOT NULL AND {dialect.StringContains(expression, Param(field, value))})";

    /// <summary>Whether a value that is missing matches the filter (FilterNode's null semantics).</summary>
    private static bool MissingValue(FieldFilter filter) => filter.Operator switch
    {
        FilterOperator.AttributeExists => filter.Value is false,
        FilterOperator.Eq => filter.Value is null,
        FilterOperator.Ne => filter.Value is not null,
        FilterOperator.NotContains or FilterOperator.NotIn => true,
        _ => false,
    };

    private string Deleted(FieldFilter filter)
    {
        var wantDeleted = filter.Value is true;
        return filter.Operator switch
        {
            FilterOperator.Eq => wantDeleted ? $"({deletedColumn} = TRUE)" : $"({deletedColumn} = FALSE)",
            FilterOperator.Ne => wantDeleted ? $"({deletedColumn} = FALSE)" : $"({deletedColumn} = TRUE)",
            FilterOperator.AttributeExists => wantDeleted ? $"({deletedColumn} = TRUE)" : $"({deletedColumn} = FALSE)",
            _ => throw new FilterException($"_deleted supports eq, ne and attributeExists, not {filter.Operator}."),
        };
    }

    /// <summary>Binds a value with the CLR type the field's SQL expression compares against.</summary>
    private string Param(FieldDefinition field, object? value) => addParameter(FilterValues.Typed(field, value));
}
