using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;
using Stratus.Schema.Model;
using Stratus.Schema.Scalars;

namespace Stratus.Server.Graphql.Scalars;

/// <summary>
/// One of AppSync's AWS scalars, validated with <see cref="AwsScalars"/>. All but AWSTimestamp travel as strings;
/// AWSTimestamp is a 64-bit integer because sync fields carry epoch milliseconds.
/// </summary>
public sealed class AwsScalarGraphType : ScalarGraphType
{
    private readonly ScalarType _type;

    public AwsScalarGraphType(ScalarType type)
    {
        _type = type;
        Name = type.ToString();
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLIntValue i when _type == ScalarType.AWSTimestamp => ParseTimestamp(i.Value.ToString()),
        GraphQLStringValue s when _type != ScalarType.AWSTimestamp => Validate(s.Value.ToString()),
        _ => throw new FormatException(AwsScalars.InvalidMessage(_type, value)),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s when _type != ScalarType.AWSTimestamp => Validate(s),
        int or long when _type == ScalarType.AWSTimestamp => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        double d when _type == ScalarType.AWSTimestamp && Math.Floor(d) == d => (long)d,
        decimal m when _type == ScalarType.AWSTimestamp && decimal.Floor(m) == m => (long)m,
        System.Numerics.BigInteger b when _type == ScalarType.AWSTimestamp && b >= long.MinValue && b <= long.MaxValue => (long)b,
        _ => throw new FormatException(AwsScalars.InvalidMessage(_type, value)),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        _ when _type == ScalarType.AWSTimestamp => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        string s => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private string Validate(string value) =>
        AwsScalars.IsValidString(_type, value) ? value : throw new FormatException(AwsScalars.InvalidMessage(_type, value));

    private long ParseTimestamp(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new FormatException(AwsScalars.InvalidMessage(_type, text));
}
