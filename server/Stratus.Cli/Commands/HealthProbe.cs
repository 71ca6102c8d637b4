namespace Stratus.Cli.Commands;

/// <summary>
/// <c>stratus health</c>: the container health check. The runtime image has no curl, so the server's own binary
/// asks its <c>/health</c> endpoint and exits 0 (healthy) or 1.
/// </summary>
internal static class HealthProbe
{
    public static async Task<int> RunAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(url);
            Console.WriteLine($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"unhealthy: {e.Message}");
            return 1;
        }
    }
}
