using System.Globalization;
using Microsoft.Playwright;
using TeamsDecisions.Core.Metrics;
using TeamsDecisions.Testing;

[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]

namespace TeamsDecisions.Browser.Tests;

/// <summary>
/// The decision log tab in headless Chromium against the app in local mode (a plain browser, no token), seeded with
/// three decisions, a withdrawn RFC and two open ones (<see cref="TabSeed"/>). Every page load must log no console
/// error, throw nothing and fail no request.
/// </summary>
[TestClass]
public sealed class TabPageTests
{
    private static TabApp app = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        app = new TabApp();
        await app.SeedAsync();
    }

    [ClassCleanup]
    public static async Task StopAsync() => await app.DisposeAsync();

    [TestMethod]
    public async Task Log_Loads_ListsTheDecisionsNewestFirst()
    {
        // Arrange
        await using var tab = await TabPage.OpenAsync(app, "");

        // Act
        var numbers = await tab.LogNumbersAsync("DEC-0003", "DEC-0002", "DEC-0001");

        // Assert
        CollectionAssert.AreEqual(new[] { "DEC-0003", "DEC-0002", "DEC-0001" }, numbers);
        StringAssert.Contains(await tab.Page.TextContentAsync("h1"), TabApp.TeamName, StringComparison.Ordinal);
        tab.AssertNoErrors();
    }

    [TestMethod]
    public async Task Log_StatusAndTextFilters_Narrow()
    {
        // Arrange
        await using var tab = await TabPage.OpenAsync(app, "");

        // Act
        await tab.Page.SelectOptionAsync("#f-status", "Rejected");
        await tab.Page.ClickAsync("#apply");
        var rejected = await tab.LogNumbersAsync("DEC-0002");
        await tab.Page.SelectOptionAsync("#f-status", "");
        await tab.Page.FillAsync("#f-q", "github");
        await tab.Page.PressAsync("#f-q", "Enter");
        var github = await tab.LogNumbersAsync("DEC-0003");
        await tab.Page.ClickAsync("#clear");
        var all = await tab.LogNumbersAsync("DEC-0003", "DEC-0002", "DEC-0001");

        // Assert
        CollectionAssert.AreEqual(new[] { "DEC-0002" }, rejected);
        CollectionAssert.AreEqual(new[] { "DEC-0003" }, github);
        Assert.HasCount(3, all);
        StringAssert.Contains(await tab.Page.TextContentAsync("#log-count"), "3 decisions", StringComparison.Ordinal);
        tab.AssertNoErrors();
    }

    [TestMethod]
    public async Task Log_Keyboard_ReachesEveryFilterAndEachDecision_AndEveryFieldHasALabel()
    {
        // Arrange
        await using var tab = await TabPage.OpenAsync(app, "");
        await tab.LogNumbersAsync("DEC-0003", "DEC-0002", "DEC-0001");

        // Act
        var reached = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 40; i++)
        {
            await tab.Page.Keyboard.PressAsync("Tab");
            reached.Add(await tab.Page.EvaluateAsync<string>("() => { const a = document.activeElement; return a?.closest('tr')?.dataset.decision ?? a?.id ?? ''; }"));
        }

        var unlabelled = await tab.Page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('main input, main select')].filter(e => e.labels.length === 0).map(e => e.id)");
        var headings = await tab.Page.Locator("h1, h2").AllTextContentsAsync();

        // Assert
        CollectionAssert.IsSubsetOf(new[] { "f-status", "f-from", "f-to", "f-decider", "f-q", "apply", "clear", "DEC-0003", "DEC-0002", "DEC-0001" }, reached.ToList(), string.Join(", ", reached));
        Assert.IsEmpty(unlabelled, string.Join(", ", unlabelled));
        CollectionAssert.IsSubsetOf(new[] { "Decision log" }, headings.ToList());
        tab.AssertNoErrors();
    }

    [TestMethod]
    public async Task Decision_Opened_ShowsTheDecisionPageSections()
    {
        // Arrange
        await using var tab = await TabPage.OpenAsync(app, "");

        // Act
        await tab.Page.ClickAsync("tr[data-decision='DEC-0003'] button");
        await tab.Page.WaitForSelectorAsync("#decision-body h3");

        // Assert
        StringAssert.Contains(await tab.Page.TextContentAsync("#decision-heading"), TabSeed.Builds, StringComparison.Ordinal);
        var headings = await tab.Page.Locator("#decision-body h3").AllTextContentsAsync();
        CollectionAssert.IsSubsetOf(new[] { "Context and problem", "The decision and its rationale", "Alternatives not chosen, and why", "Concerns and how each ended" }, headings.ToList());
        StringAssert.Contains(await tab.Page.TextContentAsync("#decision-body"), "Keys stay in Key Vault", StringComparison.Ordinal);
        await tab.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserAssembly.Screenshots, "decision-light.png"), FullPage = true });
        tab.AssertNoErrors();
    }

    [TestMethod]
    public async Task Rfcs_Open_DeadlinesAndWhoTheyWaitOn()
    {
        // Arrange
        await using var tab = await TabPage.OpenAsync(app, "?view=rfcs");

        // Act
        await tab.Page.WaitForSelectorAsync("#rfcs-table tbody tr");
        var rows = await tab.Page.Locator("#rfcs-table tbody tr").AllInnerTextsAsync();

        // Assert
        Assert.HasCount(2, rows);
        StringAssert.Contains(rows[0], TabSeed.Telemetry, StringComparison.Ordinal);
        StringAssert.Contains(rows[0], Sample.Dana.DisplayName, StringComparison.Ordinal);
        Assert.DoesNotContain(Sample.Carol.DisplayName, rows[0], StringComparison.Ordinal);
        StringAssert.Contains(rows[1], TabSeed.Flags, StringComparison.Ordinal);
        await tab.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserAssembly.Screenshots, "rfcs-light.png"), FullPage = true });
        tab.AssertNoErrors();
    }

    [TestMethod]
    [DataRow("default")]
    [DataRow("dark")]
    [DataRow("contrast")]
    public async Task Metrics_EveryChartDrawsAndEveryTableHoldsCoresFigures(string theme)
    {
        // Arrange
        var expected = Figures(await app.CoreMetricsAsync());
        await using var tab = await TabPage.OpenAsync(app, $"?view=metrics&theme={theme}");

        // Act
        await tab.Page.WaitForSelectorAsync("body[data-metrics='ready']");
        var blank = await tab.Page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('#charts canvas')].map(c => {
              const empty = document.createElement('canvas');
              empty.width = c.width; empty.height = c.height;
              return c.toDataURL() === empty.toDataURL() ? c.id : null;
            }).filter(Boolean)
            """);
        var charts = await tab.Page.Locator("#charts canvas").CountAsync();
        var tables = await tab.Page.Locator("#charts table[data-chart] caption").CountAsync();
        var shown = await tab.Page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries([...document.querySelectorAll('td[data-figure]')].map(td => [td.dataset.figure, td.dataset.value]))");
        await tab.Page.EvaluateAsync("() => document.querySelectorAll('details.as-table').forEach(d => d.open = true)");
        await tab.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserAssembly.Screenshots, $"metrics-{theme}.png"), FullPage = true });

        // Assert
        Assert.AreEqual(8, charts);
        Assert.AreEqual(charts, tables, "Every chart has its table.");
        Assert.IsEmpty(blank, "Blank canvases: " + string.Join(", ", blank));
        CollectionAssert.AreEquivalent(expected.Keys.ToList(), shown.Keys.ToList());
        foreach (var (key, value) in expected)
        {
            Assert.AreEqual(value, shown[key], key);
        }

        Assert.AreEqual(theme, await tab.Page.GetAttributeAsync("html", "data-theme"));
        Assert.IsTrue(await tab.Page.Locator("#scope-field").IsHiddenAsync(), "One team: no 'all my teams' choice.");
        tab.AssertNoErrors();
    }

    [TestMethod]
    public async Task PlainBrowser_NotLocalMode_SaysOpenInTeamsAndAsksNothing()
    {
        // Arrange: an app with a tab app registration (not local mode); no Teams host around the page.
        await using var signedIn = new TabApp(new Dictionary<string, string?>
        {
            ["TabAuth:ClientId"] = "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
            ["TabAuth:TenantId"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
            ["TabAuth:ApplicationIdUri"] = "api://127.0.0.1/3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
            ["TabAuth:Instance"] = "http://127.0.0.1:9/",
        });
        signedIn.StartServer();

        // Act
        await using var tab = await TabPage.OpenAsync(signedIn, "", ready: "#gate:not([hidden])");
        await tab.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserAssembly.Screenshots, "outside-teams.png") });

        // Assert
        StringAssert.Contains(await tab.Page.TextContentAsync("#gate h2"), "Open this in Microsoft Teams", StringComparison.Ordinal);
        Assert.IsTrue(await tab.Page.Locator("#main").IsHiddenAsync());
        Assert.IsTrue(await tab.Page.Locator("#team-picker").IsHiddenAsync(), "No team picker without a signed-in person.");
        tab.AssertNoErrors();
    }

    [TestMethod]
    public async Task Log_Dark_Screenshot()
    {
        // Arrange
        await using var tab = await TabPage.OpenAsync(app, "?theme=dark");

        // Act
        await tab.LogNumbersAsync("DEC-0003", "DEC-0002", "DEC-0001");
        await tab.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserAssembly.Screenshots, "log-dark.png"), FullPage = true });
        await tab.Page.GotoAsync(new Uri(app.BaseAddress, "/tab/index.html").ToString());
        await tab.Page.WaitForSelectorAsync("body[data-ready='true']");
        await tab.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserAssembly.Screenshots, "log-light.png"), FullPage = true });

        // Assert: the dark theme's tokens reached the page.
        Assert.IsTrue(File.Exists(Path.Combine(BrowserAssembly.Screenshots, "log-dark.png")));
        Assert.AreEqual("default", await tab.Page.GetAttributeAsync("html", "data-theme"));
        tab.AssertNoErrors();
    }

    /// <summary>
    /// What each data table must show, keyed as the page keys its cells (chart id . series . row label), as the page
    /// writes numbers (JavaScript's String(n); empty for a figure Core could not compute).
    /// </summary>
    private static Dictionary<string, string> Figures(TeamMetrics m)
    {
        static string N(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
        var figures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in m.DecisionsPerMonth)
        {
            figures[$"per-month.count.{p.Period}"] = N(p.Count);
        }

        foreach (var p in m.DecisionsPerQuarter)
        {
            figures[$"per-quarter.count.{p.Period}"] = N(p.Count);
        }

        figures["time-to-decision.days.Median"] = N(m.TimeToDecision.MedianDays);
        figures["time-to-decision.days.90th percentile"] = N(m.TimeToDecision.P90Days);
        foreach (var b in m.Breadth.PerRfc)
        {
            figures[$"breadth.voters.{b.Rfc.Number}"] = N(b.Voters);
            figures[$"breadth.commenters.{b.Rfc.Number}"] = N(b.Commenters);
        }

        figures["norm.people.Asked"] = N(m.Breadth.RequiredAsked);
        figures["norm.people.Answered within the norm"] = N(m.Breadth.RequiredAnsweredWithinNorm);
        figures["concerns.count.Raised"] = N(m.Concerns.Raised);
        figures["concerns.count.Resolved"] = N(m.Concerns.Resolved);
        figures["concerns.count.Overruled"] = N(m.Concerns.Overruled);
        figures["concerns.count.Still open"] = N(m.Concerns.StillOpen);
        figures["windows.count.Closed early"] = N(m.Windows.ClosedEarly);
        figures["windows.count.Extended"] = N(m.Windows.Extended);
        figures["windows.count.Withdrawn"] = N(m.Windows.Withdrawn);
        figures["meetings.count.Tested"] = N(m.Meetings.Tested);
        figures["meetings.count.Became threads"] = N(m.Meetings.BecameThreads);
        figures["meetings.count.Became RFCs"] = N(m.Meetings.BecameRfcs);
        figures["meetings.count.Kept as meetings"] = N(m.Meetings.KeptAsMeetings);
        return figures;
    }
}
