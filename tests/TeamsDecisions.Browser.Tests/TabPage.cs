using Microsoft.Playwright;

namespace TeamsDecisions.Browser.Tests;

/// <summary>The tab open in its own browser context, recording console errors, page errors and failed requests.</summary>
internal sealed class TabPage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly List<string> errors = [];

    private TabPage(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning" && !message.Text.Contains("DevTools", StringComparison.Ordinal))
            {
                lock (errors)
                {
                    errors.Add($"console {message.Type}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) => Add($"page error: {error}");
        page.RequestFailed += (_, request) => Add($"request failed: {request.Method} {request.Url} {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Add($"HTTP {response.Status}: {response.Url}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Requests for anything but the app (answered by the route, never sent).</summary>
    public int OffMachineRequests => offMachine;

    private int offMachine;

    /// <summary>
    /// Opens /tab/index.html with <paramref name="query"/> and waits for <paramref name="ready"/> (by default, until the
    /// page says it is ready). Nothing leaves the machine: TeamsJS's fetch of Teams' valid origins from Microsoft's CDN
    /// is answered here with an empty list, and counted.
    /// </summary>
    public static async Task<TabPage> OpenAsync(TabApp app, string query, string ready = "body[data-ready='true']")
    {
        var context = await BrowserAssembly.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        var page = await context.NewPageAsync();
        var tab = new TabPage(context, page);
        await page.RouteAsync(url => !url.StartsWith(app.BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal), async route =>
        {
            Interlocked.Increment(ref tab.offMachine);
            await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = "{\"validOrigins\":[]}" });
        });
        await page.GotoAsync(new Uri(app.BaseAddress, "/tab/index.html" + query).ToString());
        await page.WaitForSelectorAsync(ready, new PageWaitForSelectorOptions { Timeout = 20_000 });
        return tab;
    }

    /// <summary>
    /// The DEC numbers in the log once they are <paramref name="expected"/> (each filter answers asynchronously), or
    /// whatever it shows after 10 s, for the assertion to report.
    /// </summary>
    public async Task<List<string>> LogNumbersAsync(params string[] expected)
    {
        var want = string.Join(",", expected);
        try
        {
            await Page.WaitForFunctionAsync(
                "want => [...document.querySelectorAll('#log-table tbody tr th button')].map(b => b.textContent).join(',') === want",
                want,
                new PageWaitForFunctionOptions { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            // Reported by the caller's assertion, with what the page shows.
        }

        return [.. await Page.Locator("#log-table tbody tr th button").AllTextContentsAsync()];
    }

    public void AssertNoErrors()
    {
        lock (errors)
        {
            Assert.IsEmpty(errors, string.Join("\n", errors));
        }
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();

    private void Add(string error)
    {
        lock (errors)
        {
            errors.Add(error);
        }
    }
}
