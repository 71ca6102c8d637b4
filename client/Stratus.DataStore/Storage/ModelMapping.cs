using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Stratus.DataStore.Models;
using Stratus.DataStore.Serialization;
using Stratus.Schema.Model;

namespace Stratus.DataStore.Storage;

/// <summary>
/// Maps a generated model class onto its table: one column per stored field, named as in the schema, holding the
/// value's stored form (<see cref="StoredValues"/>); lists and non-model values as JSON text. Relationship
/// properties are not columns.
/// </summary>
internal static class ModelMapping
{
    public static void Map(ModelBuilder modelBuilder, ModelInfo model, JsonCodec codec)
    {
        var entity = modelBuilder.Entity(model.ClrType);
        entity.ToTable(model.Name);
        entity.HasKey([.. model.Keys.Select(k => k.Property.Name)]);
        var mapped = model.Fields.Select(f => f.Property.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var property in model.ClrType.GetProperties().Where(p => !mapped.Contains(p.Name)))
        {
            entity.Ignore(property.Name);
        }

        foreach (var field in model.Fields)
        {
            var property = entity.Property(field.Property.PropertyType, field.Property.Name).HasColumnName(field.Field.Name);
            var type = Nullable.GetUnderlyingType(field.Property.PropertyType) ?? field.Property.PropertyType;
            if (IsJsonColumn(field.Field))
            {
                var (converter, comparer) = JsonColumn(field, codec);
                property.HasConversion(converter, comparer);
            }
            else if (type.IsEnum)
            {
                property.HasConversion<string>();
            }
            else if (type == typeof(DateOnly))
            {
                property.HasConversion(new ValueConverter<DateOnly, string>(v => StoredValues.DateText(v), s => DateOnly.ParseExact(s, StoredValues.DateFormat, System.Globalization.CultureInfo.InvariantCulture)));
            }
            else if (type == typeof(AwsTime))
            {
                property.HasConversion(new ValueConverter<AwsTime, string>(v => v.ToString(), s => AwsTime.FromWire(s)));
            }
            else if (type == typeof(AwsDateTime))
            {
                property.HasConversion(new ValueConverter<AwsDateTime, string>(v => v.ToString(), s => AwsDateTime.FromWire(s)));
            }
        }
    }

    /// <summary>Whether the field's column holds JSON text: lists and non-model values.</summary>
    public static bool IsJsonColumn(FieldDefinition field) => field.IsList || field.Kind == FieldKind.Embedded;

    /// <summary>
    /// A value in its column's form, as the conversions above store it: JSON text for <see cref="IsJsonColumn"/>,
    /// else <see cref="StoredValues.ToStored"/>. What writes bypassing EF Core (<see cref="BulkInsert"/>) bind.
    /// </summary>
    public static object? ColumnValue(FieldDefinition field, object? value, JsonCodec codec) =>
        value is null ? null : IsJsonColumn(field) ? codec.ToText(field, value) : StoredValues.ToStored(field, value);

    private static (ValueConverter Converter, ValueComparer Comparer) JsonColumn(FieldMapping field, JsonCodec codec)
    {
        var method = typeof(ModelMapping).GetMethod(nameof(JsonColumnOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(field.Property.PropertyType);
        return ((ValueConverter, ValueComparer))method.Invoke(null, [field, codec])!;
    }

    private static (ValueConverter, ValueComparer) JsonColumnOf<T>(FieldMapping mapping, JsonCodec codec)
    {
        var field = mapping.Field;
        var type = typeof(T);
        Expression<Func<T, string>> toText = v => codec.ToText(field, v)!;
        Expression<Func<string, T>> fromText = s => (T)codec.FromText(field, type, s)!;
        var comparer = new ValueComparer<T>(
            (a, b) => codec.ToText(field, a) == codec.ToText(field, b),
            v => (codec.ToText(field, v) ?? "").GetHashCode(StringComparison.Ordinal),
            v => (T)codec.FromText(field, type, codec.ToText(field, v))!);
        return (new ValueConverter<T, string>(toText, fromText), comparer);
    }
}
