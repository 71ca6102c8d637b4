using System.Text.RegularExpressions;

namespace Stratus.DataStore.Sync.Subscriptions;

/// <summary>
/// The real-time endpoint of a GraphQL endpoint, derived as amplify-js derives it (appsync-protocol.md §5;
/// amplify-js api-graphql AWSWebSocketProvider/appsyncUrl.ts): an AppSync host
/// <c>X.appsync-api.R.amazonaws.com/graphql</c> becomes <c>wss://X.appsync-realtime-api.R.amazonaws.com/graphql</c>;
/// any other (custom domain, a Stratus server) gets <c>/realtime</c> appended to its path. Unlike amplify-js,
/// which always opens <c>wss://</c>, an <c>http://</c> endpoint gets <c>ws://</c>, so a plain local server works.
/// </summary>
internal static partial class RealtimeUrl
{
    public static Uri For(Uri graphql)
    {
        var scheme = graphql.Scheme == Uri.UriSchemeHttp ? "ws" : "wss";
        if (AppSyncHost().IsMatch(graphql.Host))
        {
            return new UriBuilder(graphql) { Scheme = scheme, Host = graphql.Host.Replace(".appsync-api.", ".appsync-realtime-api.", StringComparison.OrdinalIgnoreCase), Port = -1 }.Uri;
        }

        return new UriBuilder(graphql) { Scheme = scheme, Path = graphql.AbsolutePath.TrimEnd('/') + "/realtime" }.Uri;
    }

    [GeneratedRegex(@"^\w+\.appsync-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$", RegexOptions.IgnoreCase)]
    private static partial Regex AppSyncHost();
}
