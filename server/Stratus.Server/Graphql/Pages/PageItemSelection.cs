using System.Text.Json;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQLParser.AST;
using Stratus.Schema.AppSync;
using Stratus.Server.Graphql.Scalars;
using Stratus.Server.Storage;

namespace Stratus.Server.Graphql.Pages;

/// <summary>
/// The plan for writing the items of a page straight from stored JSON: the selected fields in order, each a
/// stored scalar, enum or list of them (or a sync field, or <c>__typename</c>). There is no plan (null) when the
/// selection has anything else: fragments, directives, arguments, objects, relationships, fields with their own
/// auth rules. Writing an item fails (and the page goes through the engine) when a value does not fit its field,
/// so errors and null handling stay the engine's.
/// </summary>
internal sealed class PageItemSelection
{
    /// <summary>Lets a missing plan be cached too.</summary>
    public sealed record Holder(PageItemSelection? Selection);

    private enum Source
    {
        Data,
        Version,
        Deleted,
        LastChangedAt,
        TypeName,
    }

    private enum Kind
    {
        Int,
        Float,
        Boolean,
        String,
        Timestamp,
        Enum,
    }

    private sealed record Entry(JsonEncodedText ResponseName, string Field, Source Source, Kind Kind, bool NonNull, bool IsList, bool ItemsNonNull, EnumerationGraphType? Enum);

    private readonly Entry[] _entries;
    private readonly string _typeName;

    private PageItemSelection(Entry[] entries, string typeName)
    {
        _entries = entries;
        _typeName = typeName;
    }

    public static PageItemSelection? For(GraphQLField field, IObjectGraphType type, IFieldResolver plainResolver)
    {
        if (field.SelectionSet is not { Selections.Count: > 0 } selectionSet)
        {
            return null;
        }

        var entries = new List<Entry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var selection in selectionSet.Selections)
        {
            if (selection is not GraphQLField child || child.Directives is { Count: > 0 } || child.Arguments is { Count: > 0 } || child.SelectionSet is not null)
            {
                return null;
            }

            var name = child.Name.StringValue;
            var responseName = child.Alias?.Name.StringValue ?? name;
            if (!names.Add(responseName))
            {
                return null;
            }

            if (name == "__typename")
            {
                entries.Add(new Entry(JsonEncodedText.Encode(responseName), name, Source.TypeName, Kind.String, true, false, false, null));
                continue;
            }

            if (type.GetField(name) is not { } definition || !ReferenceEquals(definition.Resolver, plainResolver) || Describe(definition.ResolvedType) is not { } shape)
            {
                return null;
            }

            var source = name switch
            {
                SyncFields.Version => Source.Version,
                SyncFields.Deleted => Source.Deleted,
                SyncFields.LastChangedAt => Source.LastChangedAt,
                _ => Source.Data,
            };
            entries.Add(new Entry(JsonEncodedText.Encode(responseName), name, source, shape.Kind, shape.NonNull, shape.IsList, shape.ItemsNonNull, shape.Enum));
        }

        return new PageItemSelection([.. entries], type.Name);
    }

    private static (Kind Kind, bool NonNull, bool IsList, bool ItemsNonNull, EnumerationGraphType? Enum)? Describe(IGraphType? type)
    {
        var nonNull = type is NonNullGraphType;
        type = type is NonNullGraphType n ? n.ResolvedType : type;
        var isList = type is ListGraphType;
        var itemsNonNull = false;
        if (type is ListGraphType list)
        {
            itemsNonNull = list.ResolvedType is NonNullGraphType;
            type = list.ResolvedType is NonNullGraphType inner ? inner.ResolvedType : list.ResolvedType;
        }

        Kind? kind = type switch
        {
            EnumerationGraphType => Kind.Enum,
            IntGraphType => Kind.Int,
            FloatGraphType => Kind.Float,
            BooleanGraphType => Kind.Boolean,
            StringGraphType or IdGraphType => Kind.String,
            AwsScalarGraphType aws => aws.Name == nameof(Schema.Model.ScalarType.AWSTimestamp) ? Kind.Timestamp : Kind.String,
            _ => null,
        };
        return kind is { } k ? (k, nonNull, isList, itemsNonNull, type as EnumerationGraphType) : null;
    }

    /// <summary>Writes the item as the selection asks; false (with a partial item written) when the engine must do it.</summary>
    public bool TryWrite(Utf8JsonWriter writer, StoredItem item)
    {
        if (item.RawData is not { } json)
        {
            return false;
        }

        using var document = JsonDocument.Parse(json);
        var data = document.RootElement;
        writer.WriteStartObject();
        foreach (var entry in _entries)
        {
            writer.WritePropertyName(entry.ResponseName);
            switch (entry.Source)
            {
                case Source.TypeName:
                    writer.WriteStringValue(_typeName);
                    continue;
                case Source.Version:
                    writer.WriteNumberValue(item.Version);
                    continue;
                case Source.LastChangedAt:
                    writer.WriteNumberValue(item.LastChangedAt);
                    continue;
                case Source.Deleted:
                    if (item.Deleted)
                    {
                        writer.WriteBooleanValue(true);
                    }
                    else if (entry.NonNull)
                    {
                        return false;
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }

                    continue;
            }

            if (!data.TryGetProperty(entry.Field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (entry.NonNull)
                {
                    return false;
                }

                writer.WriteNullValue();
                continue;
            }

            if (entry.IsList)
            {
                if (value.ValueKind != JsonValueKind.Array)
                {
                    return false;
                }

                writer.WriteStartArray();
                foreach (var element in value.EnumerateArray())
                {
                    if (element.ValueKind == JsonValueKind.Null ? entry.ItemsNonNull : !TryWriteValue(writer, entry, element))
                    {
                        return false;
                    }

                    if (element.ValueKind == JsonValueKind.Null)
                    {
                        writer.WriteNullValue();
                    }
                }

                writer.WriteEndArray();
            }
            else if (!TryWriteValue(writer, entry, value))
            {
                return false;
            }
        }

        writer.WriteEndObject();
        return true;
    }

    /// <summary>Writes a value as the engine would (numbers as their CLR type prints them), or answers false if it does not fit.</summary>
    private static bool TryWriteValue(Utf8JsonWriter writer, Entry entry, JsonElement value)
    {
        switch (entry.Kind)
        {
            case Kind.Int when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i):
                writer.WriteNumberValue(i);
                return true;
            case Kind.Timestamp when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var l):
                writer.WriteNumberValue(l);
                return true;
            case Kind.Float when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d):
                writer.WriteNumberValue(d);
                return true;
            case Kind.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
            case Kind.String when value.ValueKind == JsonValueKind.String:
            case Kind.Enum when value.ValueKind == JsonValueKind.String && entry.Enum!.Values.FindByName(value.GetString()!) is not null:
                value.WriteTo(writer);
                return true;
            default:
                return false;
        }
    }
}
