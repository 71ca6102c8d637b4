using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;
using Stratus.Server.Graphql.Errors;
using Stratus.Server.Hosting;

namespace Stratus.Server.Auth;

/// <summary>API_KEY authentication: the <c>x-api-key</c> header must equal the server's key (compared in constant time).</summary>
internal sealed class ApiKeyAuthenticator(ServerKeys keys)
{
    /// <summary>Null when the request may proceed, else AppSync's message for the 401.</summary>
    public string? Check(IHeaderDictionary headers)
    {
        if (!headers.TryGetValue("x-api-key", out StringValues value) || StringValues.IsNullOrEmpty(value))
        {
            return UnauthorizedException.MissingMessage;
        }

        return Matches(value.ToString()) ? null : UnauthorizedException.InvalidMessage;
    }

    public bool Matches(string candidate) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(keys.ApiKey));
}
