namespace Stratus.DataStore.Api;

/// <summary>AppSync's authorization modes, named as in <c>aws_appsync_authenticationType</c>.</summary>
public enum AuthMode
{
    /// <summary><c>API_KEY</c>: the key goes in the <c>x-api-key</c> header.</summary>
    ApiKey,

    /// <summary><c>AMAZON_COGNITO_USER_POOLS</c>: a user pool JWT in the <c>Authorization</c> header.</summary>
    AmazonCognitoUserPools,

    /// <summary><c>OPENID_CONNECT</c>: an OIDC JWT in the <c>Authorization</c> header.</summary>
    OpenIdConnect,

    /// <summary><c>AWS_LAMBDA</c>: the token provider's token in the <c>Authorization</c> header.</summary>
    AwsLambda,

    /// <summary><c>AWS_IAM</c>: SigV4-signed requests, which this client does not sign; it skips the mode.</summary>
    AwsIam,
}

internal static class AuthModeNames
{
    public static AuthMode Parse(string name) => name switch
    {
        "API_KEY" => AuthMode.ApiKey,
        "AMAZON_COGNITO_USER_POOLS" => AuthMode.AmazonCognitoUserPools,
        "OPENID_CONNECT" => AuthMode.OpenIdConnect,
        "AWS_LAMBDA" => AuthMode.AwsLambda,
        "AWS_IAM" => AuthMode.AwsIam,
        _ => throw new FormatException($"Unknown AppSync authentication type '{name}': use API_KEY, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT, AWS_LAMBDA or AWS_IAM."),
    };
}
