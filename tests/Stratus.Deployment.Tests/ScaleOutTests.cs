using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Deployment.Tests;

/// <summary>Several real <c>stratus</c> processes on one PostgreSQL database, with the LISTEN/NOTIFY backplane.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutTests(PostgresFixture postgres) : IDisposable
{
    private const string ApiKey = "da2-scaleoutscaleoutscaleout1";
    private readonly string _directory = Directory.CreateTempSubdirectory("stratus-scale-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(StratusProcess Process, HttpClient Http)> StartAsync(string database)
    {
        var port = StratusProcess.FreePort();
        var process = StratusProcess.Start(_directory, "--database", database, "--api-key", ApiKey, "--subscription-bus", "Postgres", "--urls", $"http://127.0.0.1:{port}");
        await process.WaitForOutputAsync("API key: ");
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TestTimeouts.Default };
        http.DefaultRequestHeaders.Add("x-api-key", ApiKey);
        return (process, http);
    }

    private static async Task<JsonObject> PostAsync(HttpClient http, string query, object? variables = null)
    {
        var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [Fact]
    public async Task Writes_through_either_process_are_visible_to_both_and_subscriptions_fan_out()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var (a, httpA) = await StartAsync(database);
        var (b, httpB) = await StartAsync(database);
        await using (a)
        await using (b)
        {
            await using var client = await RealtimeClient.ConnectAsync(httpA.BaseAddress!, apiKey: ApiKey);
            await client.InitAsync();
            var subscription = await client.StartAsync("subscription { onCreateTodo { id name } }", apiKey: ApiKey);

            var created = await PostAsync(httpB, "mutation { createTodo(input: {name: \"via B\"}) { id } }");
            var id = created["data"]!["createTodo"]!["id"]!.GetValue<string>();

            var data = await client.ExpectAsync("data", subscription);
            Assert.Equal(id, data["payload"]!["data"]!["onCreateTodo"]!["id"]!.GetValue<string>());
            var seenByA = await PostAsync(httpA, $"{{ getTodo(id: \"{id}\") {{ name }} }}");
            Assert.Equal("via B", seenByA["data"]!["getTodo"]!["name"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_process_killed_mid_traffic_loses_no_acknowledged_write()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var (a, httpA) = await StartAsync(database);
        var (b, httpB) = await StartAsync(database);
        await using (a)
        await using (b)
        {
            var acknowledged = new ConcurrentBag<string>();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < 10_000; i++)
                {
                    try
                    {
                        var body = await PostAsync(httpA, "mutation($n: String!) { createTodo(input: {name: $n}) { id } }", new { n = $"w{w}-{i}" });
                        if (body["data"]?["createTodo"]?["id"]?.GetValue<string>() is { } id)
                        {
                            acknowledged.Add(id);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                    {
                        return;
                    }
                }
            })).ToList();

            while (acknowledged.Count < 40)
            {
                await Task.Delay(20);
            }

            a.Kill();
            await Task.WhenAll(writers).DefaultTimeout();

            var missing = new List<string>();
            foreach (var id in acknowledged)
            {
                var body = await PostAsync(httpB, $"{{ getTodo(id: \"{id}\") {{ id }} }}");
                if (body["data"]?["getTodo"] is null)
                {
                    missing.Add(id);
                }
            }

            Assert.True(acknowledged.Count >= 40);
            Assert.Empty(missing);
        }
    }

    [Fact]
    public async Task Two_processes_migrating_one_empty_database_at_once_both_start()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var started = await Task.WhenAll(StartAsync(database), StartAsync(database));

        foreach (var (process, http) in started)
        {
            await using (process)
            {
                var ready = await http.GetAsync("/health/ready");
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                Assert.DoesNotContain("error", process.Error, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
