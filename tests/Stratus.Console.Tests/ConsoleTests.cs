using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Stratus.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stratus.Console.Tests;

/// <summary>
/// The console in a real browser against a real server: every assertion reads what chromium rendered after the
/// page's script ran (a page that did not render fails), and every test leaves a screenshot.
/// </summary>
public sealed class ConsoleTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task Signing_in_takes_an_admin_credential_and_refuses_an_api_key()
    {
        var page = await (await fixture.Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(fixture.Console.ToString());
        await page.FillAsync("#credential", fixture.Server.ApiKey);
        await page.ClickAsync("#signin-form button");
        await Expect(page.Locator("#signin-error")).ToHaveTextAsync("That credential does not open the console.");
        await Expect(page.Locator("#app")).ToBeHiddenAsync();

        await page.FillAsync("#credential", fixture.AdminCredential);
        await page.ClickAsync("#signin-form button");
        await Expect(page.Locator("#who")).ToHaveTextAsync("admin:" + fixture.AdminCredential[4..12]);
        await Expect(page.Locator("#tabs button")).ToHaveCountAsync(6);
        await ConsoleFixture.ScreenshotAsync(page, "sign-in");

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("x-api-key", fixture.Server.ApiKey);
        var refused = await http.GetAsync(new Uri(fixture.Server.Endpoint, "/console/api/keys"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_editor_completes_fields_from_the_schema_and_runs_the_query()
    {
        await fixture.Server.ExecuteAsync("mutation { createNote(input: {title: \"from the editor\", stars: 3}) { id } }");
        var page = await fixture.SignedInPageAsync();
        await Expect(page.Locator("#docs details summary", new() { HasText = "Query" }).First).ToBeVisibleAsync();

        await page.FillAsync("#query", "");
        await page.Locator("#query").PressSequentiallyAsync("{ listNo");
        await Expect(page.Locator("#completions li").First).ToContainTextAsync("listNotes");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#query").PressSequentiallyAsync(" { items { tit");
        await Expect(page.Locator("#completions li").First).ToContainTextAsync("title");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#query").PressSequentiallyAsync(" stars } } }");
        Assert.Equal("{ listNotes { items { title stars } } }", await page.InputValueAsync("#query"));
        await page.ClickAsync("#run");

        await Expect(page.Locator("#result")).ToContainTextAsync("\"title\": \"from the editor\"");
        await Expect(page.Locator("#history li").First).ToContainTextAsync("listNotes");
        await ConsoleFixture.ScreenshotAsync(page, "editor");
    }

    [Fact]
    public async Task The_data_browser_shows_versions_tombstones_and_delta_rows_and_edits_through_the_mutation_path()
    {
        var kept = await CreateNoteAsync("browse me");
        var gone = await CreateNoteAsync("delete me");
        await fixture.Server.ExecuteAsync($"mutation {{ deleteNote(input: {{id: \"{gone}\", _version: 1}}) {{ id }} }}");
        var page = await fixture.SignedInPageAsync();
        await page.ClickAsync("#tabs button[data-tab=data]");
        await page.SelectOptionAsync("#model", "Note");
        await page.FillAsync("#filter", "{\"title\": {\"beginsWith\": \"browse me\"}}");
        await page.ClickAsync("#load-items");
        var row = page.Locator("#items tbody tr", new() { HasText = kept });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(page.Locator("#items tbody tr")).ToHaveCountAsync(1);

        await page.FillAsync("#filter", "{\"title\": {\"eq\": \"delete me\"}}");
        await page.ClickAsync("#load-items");
        await Expect(page.Locator("#items tbody tr.tombstone", new() { HasText = gone })).ToHaveCountAsync(1);

        await page.FillAsync("#filter", "{\"title\": {\"beginsWith\": \"browse me\"}}");
        await page.ClickAsync("#load-items");
        await row.ClickAsync();
        await Expect(page.Locator("#deltas tbody tr")).ToHaveCountAsync(1);
        var json = JsonNode.Parse(await page.InputValueAsync("#item-json"))!.AsObject();
        json["title"] = "browse me, edited";
        await page.FillAsync("#item-json", json.ToJsonString());
        await page.ClickAsync("#save-item");

        await Expect(page.Locator("#item-message")).ToHaveTextAsync("Saved: now version 2");
        await Expect(page.Locator("#deltas tbody tr")).ToHaveCountAsync(2);
        var stored = (await fixture.Server.GetAsync("Note", new JsonObject { ["id"] = kept }))!;
        Assert.Equal(("browse me, edited", 2), (stored["title"]!.GetValue<string>(), stored["_version"]!.GetValue<int>()));
        await ConsoleFixture.ScreenshotAsync(page, "data-browser");
    }

    [Fact]
    public async Task A_conflict_appears_live_in_the_inbox_with_a_side_by_side_diff()
    {
        var page = await fixture.SignedInPageAsync();
        await page.ClickAsync("#tabs button[data-tab=conflicts]");
        await page.SelectOptionAsync("#conflict-model", "Note");

        // Two clients edit the same item from version 1; the second write meets version 2 and is merged.
        var id = await CreateNoteAsync("shared");
        await fixture.Server.ExecuteAsync($"mutation {{ updateNote(input: {{id: \"{id}\", title: \"first writer\", _version: 1}}) {{ id }} }}");
        await fixture.Server.ExecuteAsync($"mutation {{ updateNote(input: {{id: \"{id}\", stars: 5, _version: 1}}) {{ id }} }}");

        var row = page.Locator("#conflict-list tbody tr", new() { HasText = id });
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await Expect(row).ToContainTextAsync("merged");
        await Expect(row).ToContainTextAsync("AUTOMERGE");
        await Expect(row).ToContainTextAsync("apikey:");
        await row.ClickAsync();
        await Expect(page.Locator("#conflict-diff tbody tr", new() { HasText = "stars" }).Locator("td.changed")).ToHaveCountAsync(2);
        await Expect(page.Locator("#conflict-diff tbody tr", new() { HasText = "title" })).ToContainTextAsync("first writer");
        await ConsoleFixture.ScreenshotAsync(page, "conflict-inbox");

        // The same record through the admin GraphQL query.
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.AdminCredential);
        var response = await http.PostAsJsonAsync(new Uri(fixture.Server.Endpoint, "/console/graphql"), new { query = "{ conflicts(model: \"Note\", outcome: \"merged\") { model outcome strategy incoming serverItem } }" });
        var conflicts = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["conflicts"]!.AsArray();
        var logged = conflicts.Single(c => c!["incoming"]!.GetValue<string>().Contains(id, StringComparison.Ordinal))!;
        Assert.Equal("AUTOMERGE", logged["strategy"]!.GetValue<string>());
        Assert.Equal("first writer", JsonNode.Parse(logged["serverItem"]!.GetValue<string>())!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_clients_view_shows_a_clients_sync_lag_and_its_live_connection_which_can_be_dropped()
    {
        var lastSync = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds();
        await fixture.Server.ExecuteAsync($"{{ syncNotes(lastSync: {lastSync}) {{ items {{ id }} startedAt }} }}");
        await using var realtime = await RealtimeClient.ConnectAsync(new Uri(fixture.Server.Endpoint, "/"), apiKey: fixture.Server.ApiKey);
        await realtime.InitAsync();
        await realtime.StartAsync("subscription { onCreateNote { id title } }", apiKey: fixture.Server.ApiKey);

        var page = await fixture.SignedInPageAsync();
        await page.ClickAsync("#tabs button[data-tab=clients]");
        var row = page.Locator("#client-list tbody tr", new() { HasText = "Note" }).Filter(new() { HasText = DateTimeOffset.FromUnixTimeMilliseconds(lastSync).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"2\.\d min"));
        await Expect(row).ToContainTextAsync("apikey:" + fixture.Server.ApiKey[..12]);
        var connection = page.Locator("#connection-list tbody tr", new() { HasText = "onCreateNote" });
        await Expect(connection).ToHaveCountAsync(1);
        await ConsoleFixture.ScreenshotAsync(page, "clients");

        await connection.Locator("button").ClickAsync();
        await Expect(connection).ToHaveCountAsync(0);
        Assert.Empty(fixture.Server.Services.GetRequiredService<Stratus.Server.Realtime.RealtimeConnections>().List());
    }

    [Fact]
    public async Task Metrics_chart_the_last_hour_of_requests_and_conflicts()
    {
        var id = await CreateNoteAsync("measured");
        await fixture.Server.ExecuteAsync($"mutation {{ updateNote(input: {{id: \"{id}\", title: \"a\", _version: 1}}) {{ id }} }}");
        await fixture.Server.ExecuteAsync($"mutation {{ updateNote(input: {{id: \"{id}\", stars: 1, _version: 1}}) {{ id }} }}");
        var page = await fixture.SignedInPageAsync();
        await page.ClickAsync("#tabs button[data-tab=metrics]");

        await Expect(page.Locator(".chart")).ToHaveCountAsync(6, new() { Timeout = 10_000 });
        await Expect(page.Locator(".chart[data-metric='requests'] h4")).Not.ToHaveTextAsync("requests: 0");
        await Expect(page.Locator(".chart[data-metric='mutations'] h4")).Not.ToHaveTextAsync("mutations: 0");
        await Expect(page.Locator(".chart[data-metric='conflicts merged'] h4")).Not.ToHaveTextAsync("conflicts merged: 0");
        await Expect(page.Locator(".chart[data-metric='p99 latency ms'] polyline")).ToHaveCountAsync(1);
        await ConsoleFixture.ScreenshotAsync(page, "metrics");
    }

    [Fact]
    public async Task A_key_created_and_revoked_in_the_console_stops_working()
    {
        var page = await fixture.SignedInPageAsync();
        await page.ClickAsync("#tabs button[data-tab=keys]");
        await page.FillAsync("#key-description", "to revoke");
        await page.ClickAsync("#key-form button");
        await Expect(page.Locator("#key-created")).ToContainTextAsync("Created da2-");
        var key = (await page.TextContentAsync("#key-created"))!.Split(' ')[1];
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("x-api-key", key);
        var query = new { query = "{ listNotes { items { id } } }" };
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync(fixture.Server.Endpoint, query)).StatusCode);

        var row = page.Locator($"#key-list tbody tr[data-key='{key}']");
        await row.Locator("button", new() { HasText = "Revoke" }).ClickAsync();
        await Expect(row).ToContainTextAsync("revoked");
        await ConsoleFixture.ScreenshotAsync(page, "keys");

        // Revocations reach every replica within the key cache's 5 s.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        HttpStatusCode status;
        while ((status = (await http.PostAsJsonAsync(fixture.Server.Endpoint, query)).StatusCode) == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    private async Task<string> CreateNoteAsync(string title)
    {
        var response = await fixture.Server.ExecuteAsync("mutation($title: String!) { createNote(input: {title: $title}) { id } }", new JsonObject { ["title"] = title });
        return response["data"]!["createNote"]!["id"]!.GetValue<string>();
    }
}
