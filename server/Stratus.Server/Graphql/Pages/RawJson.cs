using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stratus.Server.Graphql.Pages;

/// <summary>A value already written as JSON (one item of a page), copied as is into the response.</summary>
public sealed class RawJson(ReadOnlyMemory<byte> utf8)
{
    public ReadOnlyMemory<byte> Utf8 => utf8;
}

/// <summary>Writes <see cref="RawJson"/> values into the response without reading them again.</summary>
public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("RawJson is only written.");

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true);
}
