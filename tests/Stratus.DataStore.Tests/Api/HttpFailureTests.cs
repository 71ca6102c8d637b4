using System.Net;
using System.Net.Sockets;
using System.Text;
using Stratus.DataStore.Api;
using Stratus.DataStore.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Api;

/// <summary>Answers that are not GraphQL (a proxy's HTML page, a JSON-less 503) become clear errors, never raw parse failures.</summary>
public sealed class HttpFailureTests
{
    [Theory]
    [InlineData("502 Bad Gateway", "text/html", "<html><body>Bad gateway</body></html>", "HTTP 502 without a GraphQL response")]
    [InlineData("503 Service Unavailable", "application/json", """{"message":"Service Unavailable"}""", "HTTP 503 without a GraphQL response")]
    public async Task A_non_GraphQL_answer_is_an_HttpRequestException_naming_the_status(string status, string type, string body, string message)
    {
        await using var server = await OneAnswerServer.StartAsync(status, type, body);
        using var http = new HttpClient();
        var client = new AppSyncClient(http, new AppSyncSettings(server.Url, AuthMode.ApiKey, "da2-k"));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(AuthMode.ApiKey, "{ x }", null));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task A_plain_text_401_is_an_Unauthorized_result()
    {
        await using var server = await OneAnswerServer.StartAsync("401 Unauthorized", "text/plain", "Unauthorized");
        using var http = new HttpClient();
        var client = new AppSyncClient(http, new AppSyncSettings(server.Url, AuthMode.ApiKey, "da2-k"));

        var result = await client.SendAsync(AuthMode.ApiKey, "{ x }", null);

        Assert.True(result!.IsUnauthorized);
    }
}
