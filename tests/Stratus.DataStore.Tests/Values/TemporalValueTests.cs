using System.Text.Json;
using Stratus.DataStore.Models;

namespace Stratus.DataStore.Tests.Values;

/// <summary>The text-backed AWSTime and AWSDateTime values: what they write, read and refuse.</summary>
public sealed class TemporalValueTests
{
    [Theory]
    [InlineData(0, 0, "2024-03-01T08:30:15.250Z")]
    [InlineData(-300, 0, "2024-03-01T08:30:15.250-05:00")]
    [InlineData(330, 0, "2024-03-01T08:30:15.250+05:30")]
    [InlineData(0, 1, "2024-03-01T08:30:15.2500001Z")]
    public void A_date_time_made_from_an_instant_is_written_with_milliseconds_and_its_offset(int offsetMinutes, int extraTicks, string expected)
    {
        var instant = new DateTimeOffset(2024, 3, 1, 8, 30, 15, 250, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(extraTicks);

        AwsDateTime value = instant;

        Assert.Equal(expected, value.ToString());
        Assert.Equal((instant, instant.Offset), (value.ToDateTimeOffset(), value.ToDateTimeOffset().Offset));
    }

    [Theory]
    [InlineData("2024-03-01T08:30Z", "2024-03-01T08:30:00.0000000+00:00")]
    [InlineData("2024-03-01T08:30:15.123456789+01:00", "2024-03-01T08:30:15.1234567+01:00")]
    [InlineData("2024-03-01T08:30:15-03:30:15", "2024-03-01T08:30:15.0000000-03:30")]
    public void A_parsed_date_time_keeps_its_text_and_gives_the_instant(string text, string instant)
    {
        var value = AwsDateTime.Parse(text);

        Assert.Equal(text, value.ToString());
        Assert.Equal(instant, value.ToDateTimeOffset().ToString("o", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2024-03-01T08:30:15")]
    [InlineData("2024-02-30T08:30Z")]
    [InlineData("2024-03-01 08:30Z")]
    [InlineData("")]
    public void Text_that_is_not_an_AWSDateTime_is_refused_with_the_expected_form(string text)
    {
        var error = Assert.Throws<FormatException>(() => AwsDateTime.Parse(text));

        Assert.Contains("with a time zone offset", error.Message, StringComparison.Ordinal);
        Assert.False(AwsDateTime.TryParse(text, out _));
    }

    [Fact]
    public void A_time_keeps_its_offset_or_its_absence()
    {
        var withOffset = new AwsTime(new TimeOnly(7, 5, 9, 500), TimeSpan.FromHours(-2));
        var plain = AwsTime.Parse("23:59");

        Assert.Equal(("07:05:09.500-02:00", new TimeOnly(7, 5, 9, 500), TimeSpan.FromHours(-2)), (withOffset.ToString(), withOffset.Time, withOffset.Offset!.Value));
        Assert.Equal(("23:59", new TimeOnly(23, 59), (TimeSpan?)null), (plain.ToString(), plain.Time, plain.Offset));
        Assert.Equal("12:00:00.000", ((AwsTime)new TimeOnly(12, 0)).ToString());
        Assert.Throws<FormatException>(() => AwsTime.Parse("24:00"));
    }

    [Fact]
    public void Values_compare_and_equal_as_their_text_as_AppSync_compares_them()
    {
        var utc = AwsDateTime.Parse("2024-01-10T11:00:00.000Z");
        var sameInstant = AwsDateTime.Parse("2024-01-10T13:00:00.000+02:00");

        Assert.NotEqual(utc, sameInstant);
        Assert.Equal(utc.ToDateTimeOffset(), sameInstant.ToDateTimeOffset());
        Assert.True(utc < sameInstant);
        Assert.Equal(AwsDateTime.Parse("2024-01-10T11:00:00.000Z"), utc);
        Assert.Equal("0001-01-01T00:00:00.000Z", default(AwsDateTime).ToString());
    }

    [Fact]
    public void System_Text_Json_writes_and_reads_the_text()
    {
        var json = JsonSerializer.Serialize(new Stamped(AwsDateTime.Parse("2024-01-10T11:00+01:00"), AwsTime.Parse("10:00Z")));
        var read = JsonSerializer.Deserialize<Stamped>(json)!;

        Assert.Equal("{\"At\":\"2024-01-10T11:00\\u002B01:00\",\"Time\":\"10:00Z\"}", json);
        Assert.Equal(("2024-01-10T11:00+01:00", "10:00Z"), (read.At.ToString(), read.Time.ToString()));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AwsDateTime>("\"yesterday\""));
    }

    private sealed record Stamped(AwsDateTime At, AwsTime Time);
}
