using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Stratus.Server.AdminConsole;
using Stratus.Testing;

namespace Stratus.Console.Tests;

/// <summary>
/// A Stratus server with the console on (the test kit, in-process) and a headless chromium to drive it. Each test
/// gets its own browser context, signs in with an admin credential, and saves a screenshot into the test results.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string Schema = """
        type Note @model {
          id: ID!
          title: String!
          stars: Int
        }

        type Diary @model @auth(rules: [{ allow: owner }]) {
          id: ID!
          text: String!
        }
        """;

    private const string Chromium = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public StratusTestServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Every log line the server wrote.</summary>
    public CapturedLogs Logs { get; } = new();

    public string AdminCredential { get; private set; } = "";

    public Uri Console => new(Server.Endpoint, "/console");

    public async Task InitializeAsync()
    {
        Server = await StratusTestServer.StartAsync(Schema, new StratusTestServerOptions
        {
            LoggerProvider = Logs,
            Configure = o =>
            {
                o.Console = true;
                o.ConsoleAdminGroup = "Admins";
            },
        });
        (_, AdminCredential) = await Server.Services.GetRequiredService<AdminCredentials>().CreateAsync("console tests", CancellationToken.None);
        Assert.True(File.Exists(Chromium), $"The browser tests need Debian's chromium at {Chromium} (apt-get install chromium).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    /// <summary>A fresh page in its own context, signed in to the console.</summary>
    public async Task<IPage> SignedInPageAsync()
    {
        var page = await (await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } })).NewPageAsync();
        await page.GotoAsync(Console.ToString());
        await page.FillAsync("#credential", AdminCredential);
        await page.ClickAsync("#signin-form button");
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("admin:" + AdminCredential[4..12]);
        return page;
    }

    /// <summary>Saves what the browser rendered into TestResults/console/NAME.png.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FullStack.sln")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory!.FullName, "TestResults", "console");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}
