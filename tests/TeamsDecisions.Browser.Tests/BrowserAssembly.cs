using Microsoft.Playwright;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Browser.Tests;

/// <summary>
/// Azurite and one headless Chromium for the assembly. The browser is Debian's (<c>/usr/bin/chromium</c>, or
/// CHROMIUM_PATH), driven by Microsoft.Playwright through ExecutablePath: no browser is downloaded.
/// </summary>
[TestClass]
public static class BrowserAssembly
{
    public static Azurite Azurite { get; private set; } = null!;

    public static IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go for people to look at: TestResults/tab under the repository root.</summary>
    public static string Screenshots { get; } = Path.Combine(RepoPaths.Root, "TestResults", "tab");

    private static IPlaywright? playwright;

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        Azurite = await Azurite.StartAsync();
        playwright = await Playwright.CreateAsync();
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
    }
}
