using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stratus.DataStore.Models;
using Stratus.DataStore.Storage;
using Stratus.Schema.Model;

namespace Stratus.DataStore.Serialization;

/// <summary>
/// Models as JSON objects keyed by schema field names, with values in their stored (wire) form: the shape of an
/// outbox entry, of a record given to filter evaluation, and of list and non-model columns (JSON text).
/// </summary>
internal sealed class JsonCodec(ModelCatalog catalog)
{
    /// <summary>The record as a JSON object of the given fields (all stored fields when null).</summary>
    public JsonObject ToJson(ModelInfo model, object instance, IEnumerable<FieldMapping>? fields = null)
    {
        var json = new JsonObject();
        foreach (var field in fields ?? model.Fields)
        {
            json[field.Field.Name] = ToNode(field.Field, field.Get(instance));
        }

        return json;
    }

    /// <summary>A new instance of the model holding the record's stored values (what reading it back would give).</summary>
    public object FromJson(ModelInfo model, JsonObject json)
    {
        var instance = Activator.CreateInstance(model.ClrType)!;
        foreach (var field in model.Fields)
        {
            field.Set(instance, FromNode(field, json[field.Field.Name]));
        }

        return instance;
    }

    /// <summary>
    /// The same, read from a parsed document without building nodes for its scalars (a sync page's items); lists,
    /// non-model values and other JSON go through the node path, so both read a value alike.
    /// </summary>
    public object FromJson(ModelInfo model, JsonElement json)
    {
        var instance = Activator.CreateInstance(model.ClrType)!;
        foreach (var field in model.Fields)
        {
            field.Set(instance, json.TryGetProperty(field.Field.Name, out var value) ? FromElement(field, value) : null);
        }

        return instance;
    }

    private object? FromElement(FieldMapping mapping, JsonElement value)
    {
        var field = mapping.Field;
        if (field.IsList || field.Kind == FieldKind.Embedded)
        {
            return FromNode(mapping, Node(value));
        }

        object? raw = value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when mapping.ValueType == typeof(double) || mapping.ValueType == typeof(float) => value.GetDouble(),
            JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
            // Anything else (a fraction for an integer, an object for a scalar) is read, or refused, as the node path does.
            _ => value,
        };
        return raw switch
        {
            null => null,
            JsonElement other => FromNode(mapping, Node(other)),
            _ => StoredValues.FromStored(mapping.ValueType, raw),
        };
    }

    private static JsonNode? Node(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Object => JsonObject.Create(value),
        JsonValueKind.Array => JsonArray.Create(value),
        _ => JsonValue.Create(value),
    };

    /// <summary>A field's value as a JSON node: lists as arrays, non-model values as objects.</summary>
    public JsonNode? ToNode(FieldDefinition field, object? value)
    {
        if (value is null)
        {
            return null;
        }

        if (field.IsList && value is IEnumerable list and not string)
        {
            var array = new JsonArray();
            foreach (var element in list)
            {
                array.Add(Single(field, element));
            }

            return array;
        }

        return Single(field, value);
    }

    private JsonNode? Single(FieldDefinition field, object? value)
    {
        if (value is null)
        {
            return null;
        }

        if (field.Kind == FieldKind.Embedded)
        {
            var json = new JsonObject();
            foreach (var inner in catalog.Embedded[field.TypeName])
            {
                json[inner.Field.Name] = ToNode(inner.Field, inner.Get(value));
            }

            return json;
        }

        return StoredValues.ToStored(field, value) switch
        {
            string text => JsonValue.Create(text),
            long number => JsonValue.Create(number),
            double number => JsonValue.Create(number),
            bool flag => JsonValue.Create(flag),
            var other => JsonSerializer.SerializeToNode(other),
        };
    }

    /// <summary>Reads a JSON node into a value of <paramref name="type"/> for the field (a list, a non-model, a scalar).</summary>
    public object? FromNode(FieldDefinition field, Type type, JsonNode? node)
    {
        var single = field.IsList ? type.GetGenericArguments()[0] : type;
        return FromNode(field, type, Nullable.GetUnderlyingType(single) ?? single, node);
    }

    private object? FromNode(FieldMapping mapping, JsonNode? node) => FromNode(mapping.Field, mapping.Property.PropertyType, mapping.ValueType, node);

    // valueType: the type of one value (a list's element), without Nullable.
    private object? FromNode(FieldDefinition field, Type type, Type valueType, JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (field.IsList)
        {
            var list = (IList)Activator.CreateInstance(type)!;
            foreach (var element in node.AsArray())
            {
                list.Add(SingleFrom(field, valueType, element));
            }

            return list;
        }

        return SingleFrom(field, valueType, node);
    }

    private object? SingleFrom(FieldDefinition field, Type target, JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (field.Kind == FieldKind.Embedded)
        {
            var instance = Activator.CreateInstance(target)!;
            var json = node.AsObject();
            foreach (var inner in catalog.Embedded[field.TypeName])
            {
                inner.Set(instance, FromNode(inner, json[inner.Field.Name]));
            }

            return instance;
        }

        var value = node.AsValue();
        object? raw = value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when target == typeof(double) || target == typeof(float) => value.GetValue<double>(),
            JsonValueKind.Number => value.TryGetValue<long>(out var whole) ? whole : long.Parse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture),
            _ => value.ToJsonString(),
        };
        return StoredValues.FromStored(target, raw);
    }

    /// <summary>The JSON text a list or non-model column holds.</summary>
    public string? ToText(FieldDefinition field, object? value) => ToNode(field, value)?.ToJsonString();

    public object? FromText(FieldDefinition field, Type type, string? text) =>
        text is null ? null : FromNode(field, type, JsonNode.Parse(text));
}
