using System.Linq.Expressions;
using System.Reflection;
using Stratus.DataStore.Storage;
using Stratus.Schema.CodeGen;
using Stratus.Schema.Filters;
using Stratus.Schema.Model;

namespace Stratus.DataStore.Models;

/// <summary>
/// One stored field of a model or non-model type and the property that holds it, read and written through compiled
/// accessors (a sync page sets every field of a thousand records). <see cref="ValueType"/>: the property's type
/// without <c>Nullable</c>, for a list its element's.
/// </summary>
internal sealed class FieldMapping
{
    private readonly Func<object, object?> _get;
    private readonly Action<object, object?> _set;

    public FieldMapping(FieldDefinition field, PropertyInfo property)
    {
        Field = field;
        Property = property;
        var type = field.IsList && property.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments()[0] : property.PropertyType;
        ValueType = Nullable.GetUnderlyingType(type) ?? type;
        var instance = Expression.Parameter(typeof(object), "instance");
        var value = Expression.Parameter(typeof(object), "value");
        var typed = Expression.Property(Expression.Convert(instance, property.DeclaringType!), property);
        _get = Expression.Lambda<Func<object, object?>>(Expression.Convert(typed, typeof(object)), instance).Compile();
        // As reflection does, null sets a non-nullable value type to its default.
        var assigned = property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null
            ? Expression.Condition(Expression.Equal(value, Expression.Constant(null)), Expression.Default(property.PropertyType), Expression.Convert(value, property.PropertyType))
            : (Expression)Expression.Convert(value, property.PropertyType);
        _set = property.CanWrite
            ? Expression.Lambda<Action<object, object?>>(Expression.Assign(typed, assigned), instance, value).Compile()
            : (_, _) => throw new InvalidOperationException($"{property.DeclaringType!.Name}.{property.Name} has no setter.");
    }

    public FieldDefinition Field { get; }

    public PropertyInfo Property { get; }

    public Type ValueType { get; }

    public object? Get(object instance) => _get(instance);

    public void Set(object instance, object? value) => _set(instance, value);
}

/// <summary>A model with its CLR type and stored fields; the table is named after the model.</summary>
internal sealed class ModelInfo
{
    public ModelInfo(ModelDefinition definition, Type clrType)
    {
        Definition = definition;
        ClrType = clrType;
        Fields = ModelCatalog.Map(definition.Name, definition.StoredFields, clrType);
        Keys = [.. definition.PrimaryKey.AllFields.Select(k => Fields.Single(f => f.Field.Name == k))];
        ByProperty = Fields.ToDictionary(f => f.Property.Name, StringComparer.Ordinal);
    }

    public ModelDefinition Definition { get; }

    public Type ClrType { get; }

    public string Name => Definition.Name;

    public IReadOnlyList<FieldMapping> Fields { get; }

    public IReadOnlyList<FieldMapping> Keys { get; }

    public IReadOnlyDictionary<string, FieldMapping> ByProperty { get; }

    /// <summary>True for the plain <c>id: ID!</c> key that the store fills with a UUID.</summary>
    public bool HasManagedId => Keys.Count == 1 && Keys[0].Field.Name == "id" && Keys[0].Field.Scalar == ScalarType.ID;

    public FieldMapping Field(string name) => Fields.FirstOrDefault(f => f.Field.Name == name)
        ?? throw new ArgumentException($"{Name} has no stored field '{name}'.");

    /// <summary>The relationship field whose property has this name, if any.</summary>
    public FieldDefinition? RelationshipByProperty(string property) => Definition.Fields.FirstOrDefault(f =>
        f.Kind == FieldKind.Relationship && CSharpNames.Property(Name, f.Name) == property);

    /// <summary>
    /// A filter for the records whose <paramref name="fields"/> equal <paramref name="values"/> (a key, or the fields
    /// of a relationship). A value that cannot be one of the field's type is an <see cref="ArgumentException"/>.
    /// </summary>
    public AndFilter FieldsEqual(IEnumerable<string> fields, IReadOnlyList<object?> values) =>
        new([.. fields.Select((name, i) =>
        {
            var field = Field(name).Field;
            var stored = StoredValues.ToStored(field, values[i]);
            try
            {
                _ = FilterValues.Typed(field, stored);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
            {
                throw new ArgumentException($"'{values[i]}' is not a valid {field.GraphQLType.TrimEnd('!')} for {Name}.{name}.", nameof(values), e);
            }

            return (FilterNode)new FieldFilter(name, FilterOperator.Eq, [stored]);
        })]);

    /// <summary>The key values of an instance, in key order.</summary>
    public object?[] KeyValues(object instance) => [.. Keys.Select(k => k.Get(instance))];

    /// <summary>
    /// The record's id as the outbox and metadata tables name it: the key value for a one-field key (Amplify's
    /// modelId); for a composite key a JSON array of the values, which, unlike Amplify's <c>-</c> join, cannot
    /// make two records (<c>"team-a","intro"</c> and <c>"team","a-intro"</c>) look alike.
    /// </summary>
    public string ModelId(object instance)
    {
        if (Keys.Count == 1)
        {
            return Convert.ToString(StoredValues.ToStored(Keys[0].Field, Keys[0].Get(instance)), System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }

        var values = new System.Text.Json.Nodes.JsonArray();
        foreach (var key in Keys)
        {
            values.Add(System.Text.Json.Nodes.JsonValue.Create(StoredValues.ToStored(key.Field, key.Get(instance)) switch
            {
                long number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
            }));
        }

        return values.ToJsonString();
    }
}

/// <summary>The registry's schema bound to its CLR types: every model, and every non-model type's fields.</summary>
internal sealed class ModelCatalog
{
    private readonly Dictionary<Type, ModelInfo> _byType;
    private readonly Dictionary<string, ModelInfo> _byName;

    public ModelCatalog(ModelRegistry registry)
    {
        Registry = registry;
        Schema = registry.Schema;
        _byName = Schema.Models.ToDictionary(m => m.Name, m => new ModelInfo(m, TypeOf(registry, m.Name)), StringComparer.Ordinal);
        _byType = _byName.Values.ToDictionary(m => m.ClrType);
        Embedded = Schema.NonModels.ToDictionary(t => t.Name, t => Map(t.Name, t.Fields, TypeOf(registry, t.Name)), StringComparer.Ordinal);
    }

    public ModelRegistry Registry { get; }

    public ModelSchema Schema { get; }

    public IEnumerable<ModelInfo> Models => _byName.Values;

    /// <summary>Non-model type name to its field mappings.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FieldMapping>> Embedded { get; }

    public ModelInfo Get(Type type) => _byType.TryGetValue(type, out var model) ? model
        : throw new ArgumentException($"{type.Name} is not a model of this StratusDataStore's schema; pass a type generated from it.");

    public ModelInfo Get<T>() => Get(typeof(T));

    public ModelInfo Get(string name) => _byName.TryGetValue(name, out var model) ? model
        : throw new ArgumentException($"The schema has no model '{name}'.");

    internal static IReadOnlyList<FieldMapping> Map(string owner, IEnumerable<FieldDefinition> fields, Type clrType) =>
    [
        .. fields.Where(f => f.Kind != FieldKind.Relationship).Select(f =>
        {
            var name = CSharpNames.Property(owner, f.Name);
            var property = clrType.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{clrType.Name} has no property {name} for the field {owner}.{f.Name}; regenerate the models from the current schema.");
            var actual = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (f.Kind == FieldKind.Scalar && !f.IsList && ClrTypeOf(f.Scalar) is { } expected && actual != expected)
            {
                throw new InvalidOperationException(
                    $"{clrType.Name}.{name} is a {actual.Name}, but the field {owner}.{f.Name} ({f.TypeName}) is read as {expected.Name}; regenerate the models from the current schema.");
            }

            return new FieldMapping(f, property);
        }),
    ];

    /// <summary>The property type the generator writes for a scalar (see <c>CSharpNames.Scalar</c>).</summary>
    private static Type? ClrTypeOf(ScalarType? scalar) => scalar switch
    {
        ScalarType.Int => typeof(int),
        ScalarType.Float => typeof(double),
        ScalarType.Boolean => typeof(bool),
        ScalarType.AWSTimestamp => typeof(long),
        ScalarType.AWSDate => typeof(DateOnly),
        ScalarType.AWSTime => typeof(AwsTime),
        ScalarType.AWSDateTime => typeof(AwsDateTime),
        null => null,
        _ => typeof(string),
    };

    private static Type TypeOf(ModelRegistry registry, string name) => registry.Types.TryGetValue(name, out var type) ? type
        : throw new InvalidOperationException($"The model registry has no type for '{name}'; regenerate the models from the current schema.");
}
