using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stratus.Schema.Model;

namespace Stratus.Schema.Scalars;

/// <summary>
/// AppSync's validation rules for its scalars ("Scalar types in AWS AppSync", AppSync developer guide):
/// AWSDate <c>YYYY-MM-DD</c> with an optional offset; AWSTime <c>hh:mm[:ss[.sss]]</c> with an optional offset;
/// AWSDateTime date <c>T</c> time with a required offset; AWSTimestamp an integer; AWSEmail <c>local@domain</c>;
/// AWSJSON any JSON text; AWSURL a scheme and no <c>//</c> in the path; AWSPhone digits with optional <c>+</c>,
/// spaces and hyphens; AWSIPAddress IPv4 or IPv6 with an optional prefix length.
/// </summary>
public static partial class AwsScalars
{
    public static bool IsValidLiteral(ScalarType type, string value) => type switch
    {
        ScalarType.Int => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        ScalarType.AWSTimestamp => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        ScalarType.Float => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        ScalarType.Boolean => value is "true" or "false",
        _ => IsValidString(type, value),
    };

    /// <summary>Validates a string-represented scalar; ID and String accept anything.</summary>
    public static bool IsValidString(ScalarType type, string value) => type switch
    {
        ScalarType.ID or ScalarType.String => true,
        ScalarType.AWSDate => DateRegex().IsMatch(value) && ValidDate(value[..10]),
        ScalarType.AWSTime => TimeRegex().IsMatch(value),
        ScalarType.AWSDateTime => DateTimeRegex().IsMatch(value) && ValidDate(value[..10]),
        ScalarType.AWSEmail => EmailRegex().IsMatch(value),
        ScalarType.AWSJSON => IsJson(value),
        ScalarType.AWSURL => IsUrl(value),
        ScalarType.AWSPhone => PhoneRegex().IsMatch(value) && value.Count(char.IsDigit) >= 3,
        ScalarType.AWSIPAddress => IsIpAddress(value),
        _ => false,
    };

    /// <summary>The message AppSync-style clients get for a value a scalar rejects.</summary>
    public static string InvalidMessage(ScalarType type, object? value) =>
        $"Invalid {type} value: '{value}'. {Expectation(type)}";

    private static string Expectation(ScalarType type) => type switch
    {
        ScalarType.AWSDate => "Expected YYYY-MM-DD, optionally with a time zone offset.",
        ScalarType.AWSTime => "Expected hh:mm[:ss[.sss]], optionally with a time zone offset.",
        ScalarType.AWSDateTime => "Expected YYYY-MM-DDThh:mm[:ss[.sss]] with a time zone offset (Z or ±hh:mm).",
        ScalarType.AWSTimestamp => "Expected an integer number of seconds (milliseconds for sync fields).",
        ScalarType.AWSEmail => "Expected an email address such as user@example.com.",
        ScalarType.AWSJSON => "Expected a string holding valid JSON.",
        ScalarType.AWSURL => "Expected a URL with a scheme, such as https://example.com/path.",
        ScalarType.AWSPhone => "Expected a phone number: digits, with an optional + country code, spaces or hyphens.",
        ScalarType.AWSIPAddress => "Expected an IPv4 or IPv6 address, optionally with a /prefix.",
        _ => $"Expected a {type}.",
    };

    private static bool ValidDate(string date) =>
        DateTime.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsJson(string value)
    {
        try
        {
            using var _ = JsonDocument.Parse(value);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Scheme))
        {
            return false;
        }

        var schemeEnd = value.IndexOf(':', StringComparison.Ordinal);
        var rest = value[(schemeEnd + 1)..];
        var path = rest.StartsWith("//", StringComparison.Ordinal) ? rest[2..] : rest;
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 || !path[slash..].Contains("//", StringComparison.Ordinal);
    }

    private static bool IsIpAddress(string value)
    {
        var parts = value.Split('/');
        if (parts.Length > 2 || !IPAddress.TryParse(parts[0], out var address))
        {
            return false;
        }

        var isV4 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        if (isV4 && parts[0].Count(c => c == '.') != 3)
        {
            return false;
        }

        return parts.Length == 1
            || (int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) && prefix <= (isV4 ? 32 : 128));
    }

    private const string Offset = @"(Z|[+-]\d{2}:\d{2}(:\d{2})?)";
    private const string Time = @"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?";

    private const string DatePattern = @"^\d{4}-\d{2}-\d{2}" + Offset + "?$";
    private const string TimePattern = "^" + Time + Offset + "?$";
    private const string DateTimePattern = @"^\d{4}-\d{2}-\d{2}T" + Time + Offset + "$";
    private const string EmailPattern = @"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$";
    private const string PhonePattern = @"^\+?[0-9][0-9 \-()]*[0-9]$";

#if NET
    [GeneratedRegex(DatePattern)]
    private static partial Regex DateRegex();

    [GeneratedRegex(TimePattern)]
    private static partial Regex TimeRegex();

    [GeneratedRegex(DateTimePattern)]
    private static partial Regex DateTimeRegex();

    [GeneratedRegex(EmailPattern)]
    private static partial Regex EmailRegex();

    [GeneratedRegex(PhonePattern)]
    private static partial Regex PhoneRegex();
#else
    // netstandard2.0 (the source generator's build) has no regex source generator.
    private static readonly Regex DateRx = new(DatePattern), TimeRx = new(TimePattern), DateTimeRx = new(DateTimePattern),
        EmailRx = new(EmailPattern), PhoneRx = new(PhonePattern);

    private static Regex DateRegex() => DateRx;

    private static Regex TimeRegex() => TimeRx;

    private static Regex DateTimeRegex() => DateTimeRx;

    private static Regex EmailRegex() => EmailRx;

    private static Regex PhoneRegex() => PhoneRx;
#endif
}
