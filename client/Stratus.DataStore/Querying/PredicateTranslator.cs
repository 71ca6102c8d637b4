using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using Stratus.DataStore.Models;
using Stratus.DataStore.Storage;
using Stratus.Schema.Filters;
using Stratus.Schema.Model;

namespace Stratus.DataStore.Querying;

/// <summary>
/// Turns a C# predicate over a generated model into the shared <see cref="FilterNode"/> (the same filter AST the
/// server runs), so a local query has exactly the null semantics documented there. Supported: <c>== != &lt; &lt;=
/// &gt; &gt;=</c> (strings through <c>string.Compare</c>/<c>CompareTo</c> or <see cref="FieldOperators"/>),
/// <c>&amp;&amp; || !</c>, <c>StartsWith</c>, <c>Contains</c> on strings and lists, <c>values.Contains(p.X)</c>
/// (in), <see cref="FieldOperators"/>, and across relationships <c>p.Blog.Matches(…)</c> / <c>p.Comments.Any(…)</c>.
/// </summary>
internal sealed class PredicateTranslator(ModelCatalog catalog)
{
    public FilterNode Translate(ModelInfo model, LambdaExpression predicate) =>
        Node(model, predicate.Parameters[0], predicate.Body);

    private FilterNode Node(ModelInfo model, ParameterExpression p, Expression e)
    {
        switch (e)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.And } both when both.Type == typeof(bool):
                return new AndFilter([.. Flatten<AndFilter>(Node(model, p, both.Left), a => a.Children), .. Flatten<AndFilter>(Node(model, p, both.Right), a => a.Children)]);
            case BinaryExpression { NodeType: ExpressionType.OrElse or ExpressionType.Or } either when either.Type == typeof(bool):
                return new OrFilter([.. Flatten<OrFilter>(Node(model, p, either.Left), o => o.Children), .. Flatten<OrFilter>(Node(model, p, either.Right), o => o.Children)]);
            case UnaryExpression { NodeType: ExpressionType.Not } not:
                return new NotFilter(Node(model, p, not.Operand));
            case BinaryExpression binary when Comparisons.ContainsKey(binary.NodeType):
                return Comparison(model, p, binary);
            case MethodCallExpression call:
                return Method(model, p, call);
            case MemberExpression when FieldOf(model, p, e) is { } flag && flag.Field.Scalar == ScalarType.Boolean:
                return Leaf(flag, FilterOperator.Eq, true);
            case MemberExpression { Member.Name: "HasValue" } has when FieldOf(model, p, has.Expression!) is { } optional:
                return Leaf(optional, FilterOperator.Ne, [null]);
            case UnaryExpression { NodeType: ExpressionType.Convert } convert:
                return Node(model, p, convert.Operand);
            case ConstantExpression { Value: bool constant }:
                return constant ? new AndFilter([]) : new OrFilter([]);
            default:
                throw Unsupported(model, e);
        }
    }

    private static readonly Dictionary<ExpressionType, (FilterOperator Op, FilterOperator Mirrored)> Comparisons = new()
    {
        [ExpressionType.Equal] = (FilterOperator.Eq, FilterOperator.Eq),
        [ExpressionType.NotEqual] = (FilterOperator.Ne, FilterOperator.Ne),
        [ExpressionType.LessThan] = (FilterOperator.Lt, FilterOperator.Gt),
        [ExpressionType.LessThanOrEqual] = (FilterOperator.Le, FilterOperator.Ge),
        [ExpressionType.GreaterThan] = (FilterOperator.Gt, FilterOperator.Lt),
        [ExpressionType.GreaterThanOrEqual] = (FilterOperator.Ge, FilterOperator.Le),
    };

    private FilterNode Comparison(ModelInfo model, ParameterExpression p, BinaryExpression binary)
    {
        var (op, mirrored) = Comparisons[binary.NodeType];
        // string.Compare(p.Title, "m") > 0 and p.Title.CompareTo("m") > 0
        if (binary.Left is MethodCallExpression { Method.Name: "Compare" or "CompareTo" } compare && IsZero(binary.Right)
            && compare.Arguments.Count == (compare.Object is null ? 2 : 1))
        {
            var (a, b) = compare.Object is null ? (compare.Arguments[0], compare.Arguments[1]) : (compare.Object, compare.Arguments[0]);
            return Compare(model, p, a, b, op, mirrored, binary);
        }

        if (binary.Left is MethodCallExpression boolCall && boolCall.Type == typeof(bool) && binary.Right is ConstantExpression { Value: bool expected })
        {
            var inner = Node(model, p, boolCall);
            return (expected == (op == FilterOperator.Eq)) ? inner : new NotFilter(inner);
        }

        return Compare(model, p, binary.Left, binary.Right, op, mirrored, binary);
    }

    private FilterNode Compare(ModelInfo model, ParameterExpression p, Expression left, Expression right, FilterOperator op, FilterOperator mirrored, Expression whole)
    {
        var (field, value, fieldOp) = FieldOf(model, p, left) is { } l && !Uses(right, p) ? (l, right, op)
            : FieldOf(model, p, right) is { } r && !Uses(left, p) ? (r, left, mirrored)
            : throw Unsupported(model, whole);
        if (fieldOp is not (FilterOperator.Eq or FilterOperator.Ne) && field.Field.Kind == FieldKind.Enum)
        {
            // Enums are stored (and sent to AppSync) by name, so an order between members does not exist in SQL.
            throw new ArgumentException($"{model.Name}.{field.Field.Name} is an enum, stored by name: compare it with == or != (or In/NotIn), not '{whole}'.");
        }

        return Leaf(field, fieldOp, Evaluate(value));
    }

    private FilterNode Method(ModelInfo model, ParameterExpression p, MethodCallExpression call)
    {
        var method = call.Method;
        if (method.DeclaringType == typeof(FieldOperators))
        {
            var field = FieldOf(model, p, call.Arguments[0]) ?? throw Unsupported(model, call);
            var values = call.Arguments.Skip(1).Select(Evaluate).ToList();
            return method.Name switch
            {
                nameof(FieldOperators.Between) => Leaf(field, FilterOperator.Between, values[0], values[1]),
                nameof(FieldOperators.In) => Leaf(field, FilterOperator.In, [.. ((IEnumerable)values[0]!).Cast<object?>()]),
                nameof(FieldOperators.NotIn) => Leaf(field, FilterOperator.NotIn, [.. ((IEnumerable)values[0]!).Cast<object?>()]),
                nameof(FieldOperators.BeginsWith) => Leaf(field, FilterOperator.BeginsWith, values[0]),
                nameof(FieldOperators.NotContains) => Leaf(field, FilterOperator.NotContains, values[0]),
                nameof(FieldOperators.Gt) => Leaf(field, FilterOperator.Gt, values[0]),
                nameof(FieldOperators.Ge) => Leaf(field, FilterOperator.Ge, values[0]),
                nameof(FieldOperators.Lt) => Leaf(field, FilterOperator.Lt, values[0]),
                _ => Leaf(field, FilterOperator.Le, values[0]),
            };
        }

        if (method.Name is "Matches" or "Any" && call.Object is MemberExpression { Expression: { } owner } navigation && owner == p
            && call.Arguments is [LambdaExpression inner] && model.RelationshipByProperty(navigation.Member.Name) is { } relationship)
        {
            var related = catalog.Get(relationship.Relationship!.RelatedModel);
            return new RelatedFilter(relationship.Name, Node(related, inner.Parameters[0], inner.Body));
        }

        if (method.DeclaringType == typeof(string) && call.Object is { } text && FieldOf(model, p, text) is { } stringField && !Uses(call.Arguments[0], p)
            && call.Arguments.Skip(1).All(a => Evaluate(a) is StringComparison.Ordinal))
        {
            return method.Name switch
            {
                nameof(string.StartsWith) => Leaf(stringField, FilterOperator.BeginsWith, Evaluate(call.Arguments[0])),
                nameof(string.Contains) => Leaf(stringField, FilterOperator.Contains, Evaluate(call.Arguments[0])),
                _ => throw Unsupported(model, call),
            };
        }

        if (method.Name == "Contains")
        {
            // list.Contains(x) as an instance or extension call, arrays through MemoryExtensions (C# 14 spans).
            var (source, item) = call.Object is null ? (Unwrap(call.Arguments[0]), call.Arguments[1]) : (call.Object, call.Arguments[0]);
            var comparer = call.Arguments.Skip(call.Object is null ? 2 : 1).Any(a => Evaluate(a) is not null);
            if (comparer || source.Type == typeof(string))
            {
                // A comparer (C# 14 binds arrays to MemoryExtensions.Contains with a null one), or "text".Contains(p.X)
                // (a substring test of a constant), has no SQL form here.
                throw Unsupported(model, call);
            }

            if (FieldOf(model, p, source) is { } list && list.Field.IsList && !Uses(item, p))
            {
                return Leaf(list, FilterOperator.Contains, Evaluate(item));
            }

            if (FieldOf(model, p, item) is { } member && !Uses(source, p))
            {
                return Leaf(member, FilterOperator.In, [.. ((IEnumerable)Evaluate(source)!).Cast<object?>()]);
            }
        }

        throw Unsupported(model, call);
    }

    private static FieldFilter Leaf(FieldMapping field, FilterOperator op, params object?[] values) =>
        new(field.Field.Name, op, [.. values.Select(v => Stored(field, v))]);

    /// <summary>An operand in the column's stored form; an int standing for an enum (C# compares enums as ints) becomes the member.</summary>
    private static object? Stored(FieldMapping field, object? value)
    {
        var type = Nullable.GetUnderlyingType(field.Property.PropertyType) ?? field.Property.PropertyType;
        if (type.IsEnum && value is not null and not Enum)
        {
            value = Enum.ToObject(type, value);
        }

        if (field.Field.IsList && value is System.Collections.IEnumerable list and not string)
        {
            // A whole-list operand (eq/ne) compares with the stored JSON array, element by element in stored form.
            return list.Cast<object?>().Select(e => StoredValues.ToStored(field.Field, e)).ToList();
        }

        return StoredValues.ToStored(field.Field, value);
    }

    private static FieldMapping? FieldOf(ModelInfo model, ParameterExpression p, Expression e)
    {
        e = Unwrap(e);
        if (e is MemberExpression { Member.Name: "Value" } nullable && Nullable.GetUnderlyingType(nullable.Expression?.Type ?? typeof(object)) is not null)
        {
            e = Unwrap(nullable.Expression!);
        }

        return e is MemberExpression { Expression: { } owner } member && Unwrap(owner) == p && model.ByProperty.TryGetValue(member.Member.Name, out var field)
            ? field
            : null;
    }

    private static Expression Unwrap(Expression e)
    {
        while (true)
        {
            switch (e)
            {
                case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert when IsLossless(convert.Operand.Type, convert.Type):
                    e = convert.Operand;
                    break;
                case MethodCallExpression { Method.Name: "op_Implicit", Arguments: [var inner] }:
                    e = inner;
                    break;
                default:
                    return e;
            }
        }
    }

    /// <summary>
    /// Conversions the compiler adds without changing the value: T to T?, an enum to its number (C# compares enums
    /// as numbers), a value to object. A real change of type (an Int field compared as a double) is not stripped, so
    /// it is rejected instead of silently rounding the operand.
    /// </summary>
    private static bool IsLossless(Type from, Type to)
    {
        var source = Nullable.GetUnderlyingType(from) ?? from;
        var target = Nullable.GetUnderlyingType(to) ?? to;
        return source == target || to == typeof(object) || source.IsEnum || target.IsEnum
            || (from.IsArray && to.IsGenericType) || to.IsAssignableFrom(from) || (IsIntegral(source) && IsIntegral(target));
    }

    private static bool IsIntegral(Type type) => type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte);

    private static IEnumerable<FilterNode> Flatten<TGroup>(FilterNode node, Func<TGroup, IReadOnlyList<FilterNode>> children)
        where TGroup : FilterNode => node is TGroup group ? children(group) : [node];

    private static bool IsZero(Expression e) => e is ConstantExpression { Value: 0 };

    private static bool Uses(Expression e, ParameterExpression p) => new ParameterFinder(p).Finds(e);

    /// <summary>The value of an expression that does not depend on the record (a constant or a captured variable).</summary>
    private static object? Evaluate(Expression e) => e switch
    {
        ConstantExpression constant => constant.Value,
        MemberExpression { Member: FieldInfo field, Expression: ConstantExpression closure } => field.GetValue(closure.Value),
        MemberExpression { Member: FieldInfo { IsStatic: true } field, Expression: null } => field.GetValue(null),
        UnaryExpression { NodeType: ExpressionType.Convert } convert when Nullable.GetUnderlyingType(convert.Type) == convert.Operand.Type => Evaluate(convert.Operand),
        _ => Expression.Lambda<Func<object?>>(Expression.Convert(e, typeof(object))).Compile(preferInterpretation: true)(),
    };

    private static ArgumentException Unsupported(ModelInfo model, Expression e) => new(
        $"The {model.Name} predicate part '{e}' cannot be translated to SQL. Compare a property with a value (== != < <= > >=), "
        + "use StartsWith/Contains, values.Contains(p.X), the FieldOperators (Between, In, NotIn, BeginsWith, NotContains, Gt, Ge, Lt, Le), "
        + "&&, || and !, or p.Parent.Matches(...) / p.Children.Any(...) across relationships.");

    private sealed class ParameterFinder(ParameterExpression parameter) : ExpressionVisitor
    {
        private bool _found;

        public bool Finds(Expression e)
        {
            Visit(e);
            return _found;
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            _found |= node == parameter;
            return node;
        }
    }
}
