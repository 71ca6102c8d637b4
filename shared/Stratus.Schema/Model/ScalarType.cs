namespace Stratus.Schema.Model;

/// <summary>The GraphQL built-in scalars plus the AWS scalars AppSync predefines.</summary>
public enum ScalarType
{
    ID,
    String,
    Int,
    Float,
    Boolean,
    AWSDate,
    AWSTime,
    AWSDateTime,
    AWSTimestamp,
    AWSEmail,
    AWSJSON,
    AWSURL,
    AWSPhone,
    AWSIPAddress,
}
