namespace Stratus.DataStore.Api;

/// <summary>
/// Supplies the signed-in user's token for the JWT modes (and the Lambda authorizer's token). Return null when
/// nobody is signed in: the multi-auth strategy then tries only public (API key) rules, as Amplify does.
/// </summary>
public interface IAuthTokenProvider
{
    ValueTask<string?> GetTokenAsync(AuthMode mode, CancellationToken cancellationToken);
}
