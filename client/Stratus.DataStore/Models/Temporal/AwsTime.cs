using System.Text.Json;
using System.Text.Json.Serialization;
using Stratus.Schema.Model;
using Stratus.Schema.Scalars;

namespace Stratus.DataStore.Models;

/// <summary>
/// An <c>AWSTime</c> exactly as written (<c>hh:mm[:ss[.fraction]]</c>, optionally with an offset): the local store,
/// the server and other clients all see the same text, offset and digits included. <see cref="Time"/> and
/// <see cref="Offset"/> give its parts. Values compare as their text, as AppSync filters and sorts them.
/// </summary>
[JsonConverter(typeof(AwsTimeJsonConverter))]
public readonly struct AwsTime : IEquatable<AwsTime>, IComparable<AwsTime>, IComparable
{
    private const string DefaultText = "00:00:00.000";
    private readonly string? _text;

    /// <summary>The time as <c>hh:mm:ss.sss</c> with no offset; sub-millisecond ticks add digits.</summary>
    public AwsTime(TimeOnly time)
        : this(TemporalText.WriteTime(time))
    {
    }

    /// <summary>The time as <c>hh:mm:ss.sss</c> followed by the offset (<c>Z</c> for UTC).</summary>
    public AwsTime(TimeOnly time, TimeSpan offset)
        : this(TemporalText.WriteTime(time) + TemporalText.WriteOffset(offset))
    {
    }

    private AwsTime(string text) => _text = text;

    public static AwsTime Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException(AwsScalars.InvalidMessage(ScalarType.AWSTime, text));

    public static bool TryParse(string? text, out AwsTime value)
    {
        var valid = text is not null && AwsScalars.IsValidString(ScalarType.AWSTime, text);
        value = valid ? new AwsTime(text!) : default;
        return valid;
    }

    /// <summary>The time of day; fraction digits past the seventh are cut.</summary>
    public TimeOnly Time => TemporalText.ReadTime(ToString(), 0, out _);

    /// <summary>The offset, or null when the value has none.</summary>
    public TimeSpan? Offset
    {
        get
        {
            var text = ToString();
            TemporalText.ReadTime(text, 0, out var end);
            return TemporalText.ReadOffset(text, end);
        }
    }

    public override string ToString() => _text ?? DefaultText;

    /// <summary>A value read from the store or the wire, kept as it is.</summary>
    internal static AwsTime FromWire(string text) => new(text);

    public static implicit operator AwsTime(TimeOnly time) => new(time);

    public bool Equals(AwsTime other) => string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is AwsTime other && Equals(other);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public int CompareTo(AwsTime other) => string.CompareOrdinal(ToString(), other.ToString());

    public int CompareTo(object? obj) => obj is AwsTime other ? CompareTo(other) : throw new ArgumentException("Expected an AwsTime.", nameof(obj));

    public static bool operator ==(AwsTime left, AwsTime right) => left.Equals(right);

    public static bool operator !=(AwsTime left, AwsTime right) => !left.Equals(right);

    public static bool operator <(AwsTime left, AwsTime right) => left.CompareTo(right) < 0;

    public static bool operator <=(AwsTime left, AwsTime right) => left.CompareTo(right) <= 0;

    public static bool operator >(AwsTime left, AwsTime right) => left.CompareTo(right) > 0;

    public static bool operator >=(AwsTime left, AwsTime right) => left.CompareTo(right) >= 0;

    private sealed class AwsTimeJsonConverter : JsonConverter<AwsTime>
    {
        public override AwsTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TryParse(reader.GetString(), out var value) ? value : throw new JsonException(AwsScalars.InvalidMessage(ScalarType.AWSTime, reader.GetString()));

        public override void Write(Utf8JsonWriter writer, AwsTime value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
