using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Stratus.Schema.Model;
using Stratus.Schema.Scalars;

namespace Stratus.DataStore.Models;

/// <summary>
/// An <c>AWSDateTime</c> exactly as written (<c>YYYY-MM-DDThh:mm[:ss[.fraction]]</c> and an offset): the local
/// store, the server and other clients all see the same text, offset and digits included, so a value never changes
/// by passing through this client. <see cref="ToDateTimeOffset"/> gives the instant.
/// Values compare as their text, as AppSync filters and sorts them (and as the local store does); values written
/// with one offset and with seconds and a fraction (as those made from a <see cref="DateTimeOffset"/> are) therefore
/// order in time.
/// </summary>
[JsonConverter(typeof(AwsDateTimeJsonConverter))]
public readonly struct AwsDateTime : IEquatable<AwsDateTime>, IComparable<AwsDateTime>, IComparable
{
    private const string DefaultText = "0001-01-01T00:00:00.000Z";
    private readonly string? _text;

    /// <summary>The instant as <c>YYYY-MM-DDThh:mm:ss.sss</c> with its offset (<c>Z</c> for UTC); sub-millisecond ticks add digits.</summary>
    public AwsDateTime(DateTimeOffset value)
        : this(value.ToString("yyyy'-'MM'-'dd'T'", CultureInfo.InvariantCulture) + TemporalText.WriteTime(TimeOnly.FromTimeSpan(value.TimeOfDay)) + TemporalText.WriteOffset(value.Offset))
    {
    }

    private AwsDateTime(string text) => _text = text;

    public static AwsDateTime Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException(AwsScalars.InvalidMessage(ScalarType.AWSDateTime, text));

    public static bool TryParse(string? text, out AwsDateTime value)
    {
        var valid = text is not null && AwsScalars.IsValidString(ScalarType.AWSDateTime, text);
        value = valid ? new AwsDateTime(text!) : default;
        return valid;
    }

    /// <summary>The instant; fraction digits past the seventh and offset seconds are cut.</summary>
    public DateTimeOffset ToDateTimeOffset()
    {
        var text = ToString();
        var date = DateOnly.ParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var time = TemporalText.ReadTime(text, 11, out var end);
        var offset = TemporalText.ReadOffset(text, end) ?? throw new FormatException(AwsScalars.InvalidMessage(ScalarType.AWSDateTime, text));
        return new DateTimeOffset(date.ToDateTime(time), offset);
    }

    public override string ToString() => _text ?? DefaultText;

    /// <summary>A value read from the store or the wire, kept as it is.</summary>
    internal static AwsDateTime FromWire(string text) => new(text);

    public static implicit operator AwsDateTime(DateTimeOffset value) => new(value);

    public bool Equals(AwsDateTime other) => string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is AwsDateTime other && Equals(other);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public int CompareTo(AwsDateTime other) => string.CompareOrdinal(ToString(), other.ToString());

    public int CompareTo(object? obj) => obj is AwsDateTime other ? CompareTo(other) : throw new ArgumentException("Expected an AwsDateTime.", nameof(obj));

    public static bool operator ==(AwsDateTime left, AwsDateTime right) => left.Equals(right);

    public static bool operator !=(AwsDateTime left, AwsDateTime right) => !left.Equals(right);

    public static bool operator <(AwsDateTime left, AwsDateTime right) => left.CompareTo(right) < 0;

    public static bool operator <=(AwsDateTime left, AwsDateTime right) => left.CompareTo(right) <= 0;

    public static bool operator >(AwsDateTime left, AwsDateTime right) => left.CompareTo(right) > 0;

    public static bool operator >=(AwsDateTime left, AwsDateTime right) => left.CompareTo(right) >= 0;

    private sealed class AwsDateTimeJsonConverter : JsonConverter<AwsDateTime>
    {
        public override AwsDateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TryParse(reader.GetString(), out var value) ? value : throw new JsonException(AwsScalars.InvalidMessage(ScalarType.AWSDateTime, reader.GetString()));

        public override void Write(Utf8JsonWriter writer, AwsDateTime value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
