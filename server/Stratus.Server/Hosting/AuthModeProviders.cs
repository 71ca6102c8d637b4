using Stratus.Schema.AppSync;

namespace Stratus.Server.Hosting;

/// <summary>Maps the server's authorization modes to Amplify's provider names for the printed schema.</summary>
public static class AuthModeProviders
{
    public static ApiAuthModes For(StratusOptions options) =>
        new(Provider(options.AuthMode), options.AdditionalAuthModes.Where(m => m != options.AuthMode).Select(Provider).Distinct().ToList());

    private static string Provider(AuthMode mode) => mode switch
    {
        AuthMode.Api_Key => "apiKey",
        AuthMode.OpenId_Connect => "oidc",
        _ => "userPools",
    };
}
