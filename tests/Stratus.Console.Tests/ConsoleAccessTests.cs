using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Stratus.Testing;
using static Microsoft.Playwright.Assertions;

namespace Stratus.Console.Tests;

/// <summary>Who opens the console and what it leaves behind: admin credentials, the admin group, run-as, audit lines.</summary>
public sealed class ConsoleAccessTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task The_console_is_off_unless_enabled()
    {
        await using var server = await StratusTestServer.StartAsync(ConsoleFixture.Schema);
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(server.Endpoint, "/console"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(server.Endpoint, "/console/api/session"))).StatusCode);
    }

    [Fact]
    public async Task A_token_in_the_admin_group_opens_the_console_and_one_outside_it_does_not()
    {
        var admin = await SessionAsync(fixture.Server.CreateToken("root", "Admins"));
        var outsider = await SessionAsync(fixture.Server.CreateToken("mallory", "Users"));
        var apiKey = await SessionAsync(fixture.Server.ApiKey);

        Assert.Equal((HttpStatusCode.OK, "user:root"), (admin.Status, admin.Body?["admin"]?.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Unauthorized, outsider.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, apiKey.Status);
    }

    [Fact]
    public async Task Every_console_request_is_an_audit_line_naming_the_admin_and_the_outcome()
    {
        await SessionAsync(fixture.AdminCredential);
        await SessionAsync("sta-nope.nope");

        var lines = fixture.Logs.Lines.Where(l => l.Category == "Stratus.Console").Select(l => l.Message).ToList();
        Assert.Contains($"Console GET /console/api/session by admin:{fixture.AdminCredential[4..12]}: 200", lines);
        Assert.Contains("Console GET /console/api/session by anonymous: 401", lines);
    }

    [Fact]
    public async Task The_editor_runs_as_a_test_user_the_console_signs_a_token_for()
    {
        var page = await fixture.SignedInPageAsync();
        await page.SelectOptionAsync("#run-as", "user");
        await page.FillAsync("#test-user-name", "alice");
        await page.FillAsync("#query", "mutation { createDiary(input: {text: \"dear diary\"}) { text owner } }");
        await page.ClickAsync("#run");
        await Expect(page.Locator("#result")).ToContainTextAsync("\"owner\": \"alice");

        await page.SelectOptionAsync("#run-as", new Microsoft.Playwright.SelectOptionValue { Index = 0 });
        await page.FillAsync("#query", "{ listDiaries { items { text } } }");
        await page.ClickAsync("#run");
        await Expect(page.Locator("#result")).ToContainTextAsync("\"errorType\": \"Unauthorized\"");
        await ConsoleFixture.ScreenshotAsync(page, "run-as");
    }

    [Theory]
    [InlineData("/console/graphql", "POST", "not json")]
    [InlineData("/console/api/deltas?model=Note&key=not-json", "GET", null)]
    [InlineData("/console/api/deltas?model=Nope&key=%7B%7D", "GET", null)]
    public async Task Bad_input_to_the_console_api_gets_a_clear_error_not_a_crash(string path, string method, string? body)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.AdminCredential);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(fixture.Server.Endpoint, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"HTTP {(int)response.StatusCode}: {text}");
        Assert.Contains("message", text, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, JsonObject? Body)> SessionAsync(string credential)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        var response = await http.GetAsync(new Uri(fixture.Server.Endpoint, "/console/api/session"));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject);
    }
}
