using System.Globalization;

namespace Stratus.DataStore.Models;

/// <summary>
/// Reading and writing the time-of-day and offset parts of AppSync's <c>AWSTime</c> and <c>AWSDateTime</c> text
/// (<c>hh:mm[:ss[.fraction]]</c>, then <c>Z</c> or <c>±hh:mm[:ss]</c>) for the text-backed temporal types.
/// </summary>
internal static class TemporalText
{
    /// <summary>The time of day starting at <paramref name="start"/>; fraction digits past the seventh are cut.</summary>
    public static TimeOnly ReadTime(string text, int start, out int end)
    {
        var hour = Two(text, start);
        var minute = Two(text, start + 3);
        var second = 0;
        long ticks = 0;
        end = start + 5;
        if (end < text.Length && text[end] == ':')
        {
            second = Two(text, end + 1);
            end += 3;
            if (end < text.Length && text[end] == '.')
            {
                end++;
                var digits = 0;
                for (; end < text.Length && char.IsAsciiDigit(text[end]); end++)
                {
                    if (digits < 7)
                    {
                        ticks = (ticks * 10) + (text[end] - '0');
                        digits++;
                    }
                }

                for (; digits < 7; digits++)
                {
                    ticks *= 10;
                }
            }
        }

        return new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(ticks));
    }

    /// <summary>The offset starting at <paramref name="start"/>, or null when the text ends there. Offset seconds are cut.</summary>
    public static TimeSpan? ReadOffset(string text, int start)
    {
        if (start >= text.Length)
        {
            return null;
        }

        if (text[start] is 'Z' or 'z')
        {
            return TimeSpan.Zero;
        }

        var offset = new TimeSpan(Two(text, start + 1), Two(text, start + 4), 0);
        return text[start] == '-' ? -offset : offset;
    }

    /// <summary><c>HH:mm:ss.fff</c>, with up to seven fraction digits when the value has sub-millisecond ticks.</summary>
    public static string WriteTime(TimeOnly time)
    {
        var fraction = time.Ticks % TimeSpan.TicksPerSecond;
        var digits = fraction % TimeSpan.TicksPerMillisecond == 0
            ? (fraction / TimeSpan.TicksPerMillisecond).ToString("000", CultureInfo.InvariantCulture)
            : fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
        return time.ToString("HH':'mm':'ss", CultureInfo.InvariantCulture) + "." + digits;
    }

    /// <summary><c>Z</c> for UTC, else <c>±hh:mm</c>.</summary>
    public static string WriteOffset(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "Z" : (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hh':'mm", CultureInfo.InvariantCulture);

    private static int Two(string text, int at) =>
        at + 1 < text.Length && char.IsAsciiDigit(text[at]) && char.IsAsciiDigit(text[at + 1])
            ? ((text[at] - '0') * 10) + (text[at + 1] - '0')
            : throw new FormatException($"'{text}' is not an AppSync time: expected two digits at position {at}.");
}
