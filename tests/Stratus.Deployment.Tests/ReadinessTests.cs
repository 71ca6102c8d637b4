using System.Net;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Deployment.Tests;

/// <summary>/health/ready follows the database: unready while it is stopped, ready again once it is back.</summary>
public sealed class ReadinessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stratus-ready-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Readiness_reports_a_stopped_database_and_recovers()
    {
        await using var database = await StoppablePostgres.StartAsync();
        var port = StratusProcess.FreePort();
        await using var server = StratusProcess.Start(_directory, "--database", database.ConnectionString, "--api-key", "da2-ready", "--urls", $"http://127.0.0.1:{port}");
        await server.WaitForOutputAsync("API key: ");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TestTimeouts.Default };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        await database.StopAsync();
        await EventuallyAsync(http, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);

        await database.StartAgainAsync();
        await EventuallyAsync(http, HttpStatusCode.OK);
    }

    private static async Task EventuallyAsync(HttpClient http, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        HttpStatusCode last;
        do
        {
            last = (await http.GetAsync("/health/ready")).StatusCode;
            if (last == expected)
            {
                return;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"/health/ready stayed {(int)last}, expected {(int)expected}.");
    }
}
