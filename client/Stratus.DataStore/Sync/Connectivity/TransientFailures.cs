using System.Net;
using System.Net.WebSockets;
using Polly;
using Polly.Retry;
using Stratus.DataStore.Api;
using Stratus.DataStore.Configuration;
using Stratus.Schema.AppSync;

namespace Stratus.DataStore.Sync.Connectivity;

/// <summary>
/// What counts as "try again later" (the network, HTTP 5xx/408/429, AppSync's <c>InternalFailure</c> and throttling)
/// and the retry pipeline for it: jittered exponential backoff on the store's <see cref="TimeProvider"/>.
/// </summary>
internal static class TransientFailures
{
    public static bool IsTransient(Exception error) => error switch
    {
        HttpRequestException http => http.StatusCode is null or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError,
        TaskCanceledException { InnerException: TimeoutException } => true,
        WebSocketException or IOException or TimeoutException => true,
        _ => false,
    };

    public static bool IsTransient(GraphqlResult result) =>
        result.ErrorType is AppSyncErrorType.InternalFailure or AppSyncErrorType.LimitExceeded or "ThrottlingException" or "ServiceUnavailableException";

    public static ResiliencePipeline<GraphqlResult> Pipeline(SyncRetryOptions options, TimeProvider time) =>
        new ResiliencePipelineBuilder<GraphqlResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<GraphqlResult>
            {
                ShouldHandle = new PredicateBuilder<GraphqlResult>().Handle<Exception>(IsTransient).HandleResult(IsTransient),
                MaxRetryAttempts = Math.Max(options.MaxAttempts, 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
            })
            .Build();
}
