using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stratus.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Stratus.Deployment.Tests;

/// <summary>
/// The image and the root docker-compose.yml on the real engine: build, up, create/sync/subscribe over 127.0.0.1,
/// restart with the data kept, non-root, image size; then down -v, removing only what this test made. The base
/// images come from SDK_IMAGE / RUNTIME_IMAGE / POSTGRES_IMAGE when set (local stand-ins), else the official ones.
/// </summary>
public sealed class ContainerSmokeTests(ITestOutputHelper output)
{
    private const string ApiKey = "da2-smoketestsmoketestsmoke1";

    [Fact]
    public async Task Compose_up_serves_syncs_and_survives_a_restart()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var image = $"stratus-server:test-{run}";
        var project = $"stratustest{run}";
        var port = StratusProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["STRATUS_IMAGE"] = image,
            ["STRATUS_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["STRATUS_API_KEY"] = ApiKey,
            ["POSTGRES_PASSWORD"] = "smoke-" + run,
        };
        var compose = await Docker.ComposeCommandAsync();
        Task<(int, string)> Compose(params string[] args) =>
            Docker.RunAsync(compose[0], [.. compose.Skip(1), "-p", project, .. args], environment);

        var danglingBefore = (await Docker.RunAsync("docker", ["images", "-q", "-f", "dangling=true"])).Output;
        try
        {
            await Docker.RunAsync("docker", ["build", "-f", "infra/Dockerfile",
                "--build-arg", "SDK_IMAGE=" + (Environment.GetEnvironmentVariable("SDK_IMAGE") ?? "mcr.microsoft.com/dotnet/sdk:10.0"),
                "--build-arg", "RUNTIME_IMAGE=" + (Environment.GetEnvironmentVariable("RUNTIME_IMAGE") ?? "mcr.microsoft.com/dotnet/aspnet:10.0"),
                "-t", image, "."]);
            var size = long.Parse((await Docker.RunAsync("docker", ["image", "inspect", "-f", "{{.Size}}", image])).Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
            output.WriteLine($"image {image}: {size / 1024 / 1024} MiB");

            await Compose("up", "-d");
            var server = await WaitHealthyAsync(Compose);

            var user = (await Docker.RunAsync("docker", ["exec", server, "id", "-u"])).Output.Trim();
            Assert.NotEqual("0", user);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TestTimeouts.Default };
            http.DefaultRequestHeaders.Add("x-api-key", ApiKey);
            await using var realtime = await RealtimeClient.ConnectAsync(http.BaseAddress, apiKey: ApiKey);
            await realtime.InitAsync();
            var subscription = await realtime.StartAsync("subscription { onCreateTodo { id name } }", apiKey: ApiKey);

            var created = await PostAsync(http, "mutation { createTodo(input: {name: \"from the container\"}) { id _version } }");
            var id = created["data"]!["createTodo"]!["id"]!.GetValue<string>();
            var data = await realtime.ExpectAsync("data", subscription);
            Assert.Equal(id, data["payload"]!["data"]!["onCreateTodo"]!["id"]!.GetValue<string>());
            var synced = await PostAsync(http, "{ syncTodos(lastSync: 0) { items { id name _version } startedAt } }");
            Assert.Contains(synced["data"]!["syncTodos"]!["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == id);

            await Compose("restart", "server");
            await WaitHealthyAsync(Compose);
            var after = await PostAsync(http, $"{{ getTodo(id: \"{id}\") {{ name _version }} }}");
            Assert.Equal("from the container", after["data"]!["getTodo"]!["name"]!.GetValue<string>());
        }
        catch (Exception e)
        {
            var (_, logs) = await Docker.RunAsync(compose[0], [.. compose.Skip(1), "-p", project, "logs", "--no-color", "--tail", "80"], environment, check: false);
            throw new InvalidOperationException($"{e.Message}\n--- container logs ---\n{logs}", e);
        }
        finally
        {
            await Docker.RunAsync(compose[0], [.. compose.Skip(1), "-p", project, "down", "-v"], environment, check: false);
            await Docker.RunAsync("docker", ["rmi", image], check: false);
            var danglingAfter = (await Docker.RunAsync("docker", ["images", "-q", "-f", "dangling=true"], check: false)).Output;
            var created = danglingAfter.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Except(danglingBefore.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (created.Count > 0)
            {
                await Docker.RunAsync("docker", ["rmi", .. created], check: false);
            }
        }
    }

    private static async Task<string> WaitHealthyAsync(Func<string[], Task<(int, string)>> compose)
    {
        var id = (await compose(["ps", "-q", "server"])).Item2.Trim();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var (_, status) = await Docker.RunAsync("docker", ["inspect", "-f", "{{.State.Health.Status}}", id], check: false);
            if (status.Trim() == "healthy")
            {
                return id;
            }

            await Task.Delay(1000);
        }

        throw new TimeoutException("The server container did not become healthy within 2 minutes.");
    }

    private static async Task<JsonObject> PostAsync(HttpClient http, string query)
    {
        var response = await http.PostAsJsonAsync("/graphql", new { query });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(body["errors"] is null, body.ToJsonString());
        return body;
    }
}
