using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Stratus.Server.Hosting;

namespace Stratus.Server.Auth;

/// <summary>
/// Per-caller request limits with ASP.NET Core's rate limiter: a fixed window per API key or per token (else per
/// client address), <c>Stratus:RateLimitPerMinute</c> requests a minute (0 turns it off). A caller over its limit
/// gets HTTP 429 with AppSync-style <c>LimitExceededException</c>.
/// </summary>
internal static class RequestRateLimits
{
    public const string Policy = "stratus-per-caller";

    public static IServiceCollection AddStratusRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.ContentType = "application/json; charset=UTF-8";
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new { errors = new[] { new { errorType = "LimitExceededException", message = "Rate limit exceeded; retry later." } } }, cancellationToken);
            };
            limiter.AddPolicy(Policy, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<StratusOptions>>().Value.RateLimitPerMinute;
                if (perMinute <= 0)
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var caller = http.Request.Headers["x-api-key"].FirstOrDefault()
                    ?? http.Request.Headers.Authorization.FirstOrDefault()
                    ?? http.Connection.RemoteIpAddress?.ToString()
                    ?? "anonymous";
                return RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }
}
