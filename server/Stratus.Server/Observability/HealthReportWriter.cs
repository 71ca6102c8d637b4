using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Stratus.Server.Observability;

/// <summary><c>/health/ready</c>'s body: the overall status and, per check, its status, description and figures.</summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=UTF-8";
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        });
    }
}
