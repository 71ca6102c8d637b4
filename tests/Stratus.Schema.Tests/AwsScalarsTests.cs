using Stratus.Schema.Model;
using Stratus.Schema.Scalars;

namespace Stratus.Schema.Tests;

public sealed class AwsScalarsTests
{
    [Theory]
    [InlineData(ScalarType.AWSDate, "2026-11-27", true)]
    [InlineData(ScalarType.AWSDate, "2026-11-27Z", true)]
    [InlineData(ScalarType.AWSDate, "2026-11-27+01:00", true)]
    [InlineData(ScalarType.AWSDate, "2026-02-30", false)]
    [InlineData(ScalarType.AWSDate, "27/11/2026", false)]
    [InlineData(ScalarType.AWSTime, "12:30", true)]
    [InlineData(ScalarType.AWSTime, "12:30:15.123Z", true)]
    [InlineData(ScalarType.AWSTime, "25:00", false)]
    [InlineData(ScalarType.AWSDateTime, "2026-11-27T12:30:15.123Z", true)]
    [InlineData(ScalarType.AWSDateTime, "2026-11-27T12:30:15-05:00", true)]
    [InlineData(ScalarType.AWSDateTime, "2026-11-27T12:30:15", false)]
    [InlineData(ScalarType.AWSDateTime, "2026-11-27", false)]
    [InlineData(ScalarType.AWSEmail, "user@example.com", true)]
    [InlineData(ScalarType.AWSEmail, "user.name+tag@sub.example.co", true)]
    [InlineData(ScalarType.AWSEmail, "user@", false)]
    [InlineData(ScalarType.AWSEmail, "no-at-sign", false)]
    [InlineData(ScalarType.AWSJSON, "{\"a\":[1,2]}", true)]
    [InlineData(ScalarType.AWSJSON, "[1, 2]", true)]
    [InlineData(ScalarType.AWSJSON, "{a:1}", false)]
    [InlineData(ScalarType.AWSURL, "https://example.com/a/b?c=d", true)]
    [InlineData(ScalarType.AWSURL, "mailto:user@example.com", true)]
    [InlineData(ScalarType.AWSURL, "https://example.com//double", false)]
    [InlineData(ScalarType.AWSURL, "example.com", false)]
    [InlineData(ScalarType.AWSPhone, "+1 555-123-4567", true)]
    [InlineData(ScalarType.AWSPhone, "555 1234", true)]
    [InlineData(ScalarType.AWSPhone, "call me", false)]
    [InlineData(ScalarType.AWSIPAddress, "192.168.0.1", true)]
    [InlineData(ScalarType.AWSIPAddress, "10.0.0.0/8", true)]
    [InlineData(ScalarType.AWSIPAddress, "2001:db8::1", true)]
    [InlineData(ScalarType.AWSIPAddress, "2001:db8::/32", true)]
    [InlineData(ScalarType.AWSIPAddress, "300.1.1.1", false)]
    [InlineData(ScalarType.AWSIPAddress, "10.0.0.0/33", false)]
    [InlineData(ScalarType.AWSIPAddress, "1.2.3", false)]
    public void AppSync_scalar_rules(ScalarType type, string value, bool valid) =>
        Assert.Equal(valid, AwsScalars.IsValidString(type, value));

    [Theory]
    [InlineData(ScalarType.Int, "42", true)]
    [InlineData(ScalarType.Int, "4.2", false)]
    [InlineData(ScalarType.AWSTimestamp, "1700000000000", true)]
    [InlineData(ScalarType.Float, "4.2", true)]
    [InlineData(ScalarType.Boolean, "true", true)]
    [InlineData(ScalarType.Boolean, "yes", false)]
    public void Default_literals_are_checked_against_their_type(ScalarType type, string value, bool valid) =>
        Assert.Equal(valid, AwsScalars.IsValidLiteral(type, value));

    [Fact]
    public void Invalid_message_says_what_is_expected() =>
        Assert.Contains("time zone offset", AwsScalars.InvalidMessage(ScalarType.AWSDateTime, "2026-01-01T00:00"), StringComparison.Ordinal);
}
