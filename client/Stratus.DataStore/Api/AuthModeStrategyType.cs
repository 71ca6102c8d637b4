namespace Stratus.DataStore.Api;

/// <summary>How the client picks auth modes for a request (Amplify's <c>authModeStrategyType</c>).</summary>
public enum AuthModeStrategyType
{
    /// <summary>Always the API's default mode.</summary>
    Default,

    /// <summary>
    /// The modes the model's <c>@auth</c> rules allow for the operation, best first, given whether a user is signed
    /// in; a request that gets <c>Unauthorized</c> is retried with the next.
    /// </summary>
    MultiAuth,
}
