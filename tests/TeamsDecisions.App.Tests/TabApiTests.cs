using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Metrics;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The tab's data API (/api/tab) on the real app in local mode: the caller is the developer (Alice's id). A team's
/// history comes from <see cref="TabSeed"/>: DEC-0001 Kafka (July, accepted), DEC-0002 XML export (September,
/// rejected), DEC-0003 builds (October, accepted), a withdrawn RFC and two open ones.
/// </summary>
[TestClass]
public sealed class TabApiTests
{
    private static readonly string[] Titles = [TabSeed.Kafka, TabSeed.XmlExport, TabSeed.Builds, TabSeed.Telemetry, TabSeed.Flags];

    [TestMethod]
    public async Task Mode_Anonymous_SaysLocal()
    {
        // Arrange
        await using var app = new TabApiApp();

        // Act
        var mode = await app.GetJsonAsync("/api/tab/mode");

        // Assert
        Assert.IsTrue((bool)mode["local"]!);
    }

    [TestMethod]
    public async Task Decisions_Member_TheLogNewestFirstWithItsDeciders()
    {
        // Arrange
        await using var app = new TabApiApp();
        var team = await app.InstallTeamAsync("Platform Engineering", TabApiApp.Tenant, Sample.Alice, Sample.Bob);
        await app.SeedAsync(team);

        // Act
        var list = await app.GetJsonAsync(Path(team, "decisions"));

        // Assert
        Assert.AreEqual(3, (int)list["total"]!);
        CollectionAssert.AreEqual(new[] { "DEC-0003", "DEC-0002", "DEC-0001" }, Numbers(list));
        Assert.AreEqual("Rejected", (string?)list["decisions"]![1]!["status"]);
        Assert.AreEqual(Sample.Bob.DisplayName, (string?)list["deciders"]!.AsArray().Single()!["name"]);
        Assert.AreEqual("Platform Engineering", (string?)list["team"]!["name"]);
    }

    [TestMethod]
    [DataRow("status=rejected", new[] { "DEC-0002" })]
    [DataRow("status=Accepted", new[] { "DEC-0003", "DEC-0001" })]
    [DataRow("from=2026-09-01&to=2026-09-30", new[] { "DEC-0002" })]
    [DataRow("from=2026-10-01", new[] { "DEC-0003" })]
    [DataRow("to=2026-07-31", new[] { "DEC-0001" })]
    [DataRow("decider=0f7b9d7c-5f6e-4bb5-8d55-52d0b0d7a102", new[] { "DEC-0003", "DEC-0002", "DEC-0001" })]
    [DataRow("decider=carol", new string[0])]
    [DataRow("q=xml", new[] { "DEC-0002" })]
    [DataRow("q=github&status=Accepted", new[] { "DEC-0003" })]
    [DataRow("q=github&status=Rejected", new string[0])]
    public async Task Decisions_Filters_NarrowTheLog(string query, string[] expected)
    {
        // Arrange
        await using var app = new TabApiApp();
        var team = await app.InstallTeamAsync("Platform Engineering", TabApiApp.Tenant, Sample.Alice);
        await app.SeedAsync(team);

        // Act
        var list = await app.GetJsonAsync(Path(team, "decisions") + "?" + query);

        // Assert
        CollectionAssert.AreEqual(expected, Numbers(list), query);
        Assert.AreEqual(3, (int)list["total"]!);
    }

    [TestMethod]
    [DataRow("status=Maybe", "status")]
    [DataRow("status=2", "status")]
    [DataRow("status=Open", "status")]
    [DataRow("from=2026-13-01", "from")]
    [DataRow("to=yesterday", "to")]
    [DataRow("from=2026-10-01&to=2026-09-01", "to")]
    public async Task Decisions_BadFilter_400NamingTheFieldAndTheFix(string query, string field)
    {
        // Arrange
        await using var app = new TabApiApp();
        var team = await app.InstallTeamAsync("Platform Engineering", TabApiApp.Tenant, Sample.Alice);

        // Act
        var (status, body) = await app.GetAsync(Path(team, "decisions") + "?" + query);

        // Assert
        Assert.AreEqual(400, status, body);
        var errors = JsonNode.Parse(body)!["errors"]!.AsObject();
        Assert.IsTrue(errors.ContainsKey(field), body);
    }

    [TestMethod]
    public async Task Decisions_TextOver500Characters_400()
    {
        // Arrange
        await using var app = new TabApiApp();
        var team = await app.InstallTeamAsync("Platform Engineering", TabApiApp.Tenant, Sample.Alice);

        // Act
        var (status, body) = await app.GetAsync(Path(team, "decisions") + "?q=" + new string('k', 501));

        // Assert
        Assert.AreEqual(400, status, body);
        StringAssert.Contains(body, "at most 500", StringComparison.Ordinal);
    }

    [TestMethod]
    [DataRow("decisions")]
    [DataRow("decisions/DEC-0001")]
    [DataRow("rfcs")]
    [DataRow("metrics")]
    public async Task TeamRoutes_NotAMemberOtherTenantOrUnknownTeam_Same403WithNoData(string route)
    {
        // Arrange: the developer is not on the first roster; the second team is another tenant's; the third does not exist.
        await using var app = new TabApiApp();
        var notMine = await app.InstallTeamAsync("Payments", TabApiApp.Tenant, Sample.Bob, Sample.Carol);
        var otherTenant = await app.InstallTeamAsync("Contoso Platform", TabApiApp.OtherTenant, Sample.Alice, Sample.Bob);
        await app.SeedAsync(notMine, otherTenant);

        // Act
        var answers = new List<(int Status, string Body)>();
        foreach (var team in new[] { notMine, otherTenant, Sample.NewTeam() })
        {
            answers.Add(await app.GetAsync(Path(team, route)));
        }

        // Assert
        foreach (var (status, body) in answers)
        {
            Assert.AreEqual(403, status, body);
            foreach (var text in Titles.Concat(["DEC-0001", "Payments", "Contoso", Sample.Bob.DisplayName]))
            {
                Assert.DoesNotContain(text, body, StringComparison.Ordinal);
            }
        }

        Assert.AreEqual(1, answers.Select(a => Without(a.Body, "traceId")).Distinct().Count(), "Nothing tells the three apart.");
    }

    [TestMethod]
    [DataRow("decisions")]
    [DataRow("rfcs")]
    [DataRow("metrics")]
    public async Task TeamRoutes_StoreDoesNotAnswer_503SayingSo(string route)
    {
        // Arrange: the RFC store (our port) answers every call with "unavailable".
        var store = new Mock<IRfcStore>();
        store.Setup(s => s.ListDecisionsAsync(It.IsAny<TeamId>(), It.IsAny<CancellationToken>())).ThrowsAsync(StoreUnavailableException.NotSaved());
        store.Setup(s => s.ListAsync(It.IsAny<TeamId>(), It.IsAny<RfcState?>(), It.IsAny<CancellationToken>())).ThrowsAsync(StoreUnavailableException.NotSaved());
        await using var app = new TabApiApp { Store = store.Object };
        var team = await app.InstallTeamAsync("Platform Engineering", TabApiApp.Tenant, Sample.Alice);

        // Act
        var (status, body) = await app.GetAsync(Path(team, route));

        // Assert
        Assert.AreEqual(503, status, body);
        StringAssert.Contains(body, "The decision store is slow or unreachable", StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    [TestMethod]
    public async Task Me_ListsOnlyTheTeamsOfMyTenantWhoseRosterHasMe()
    {
        // Arrange
        await using var app = new TabApiApp();
        var mine = await app.InstallTeamAsync("Platform Engineering", TabApiApp.Tenant, Sample.Alice);
        await app.InstallTeamAsync("Payments", TabApiApp.Tenant, Sample.Bob);
        await app.InstallTeamAsync("Contoso Platform", TabApiApp.OtherTenant, Sample.Alice);

        // Act
        var me = await app.GetJsonAsync("/api/tab/me");

        // Assert
        Assert.AreEqual(mine.Value, (string?)me["teams"]!.AsArray().Single()!["id"]);
    }

    [TestMethod]
    public async Task Rfcs_OpenOnes_DeadlineAndWhoTheyWaitOn()
    {
        // Arrange
        await using var app = new TabApiApp();
        var team = await app.InstallTeamAsync("Platform Engineering", TabApiApp.Tenant, Sample.Alice);
        await app.SeedAsync(team);

        // Act
        var rfcs = (await app.GetJsonAsync(Path(team, "rfcs")))["rfcs"]!.AsArray();

        // Assert: soonest closing first; Carol voted on the telemetry RFC, so it waits on Dana only.
        Assert.HasCount(2, rfcs);
        Assert.AreEqual(TabSeed.Telemetry, (string?)rfcs[0]!["title"]);
        CollectionAssert.AreEqual(new[] { Sample.Dana.DisplayName }, Names(rfcs[0]!["waitingOn"]!));
        Assert.AreEqual("reviewers", (string?)rfcs[0]!["waitingFor"]);
        Assert.AreEqual("Open", (string?)rfcs[0]!["state"]);
        Assert.IsNotNull((string?)rfcs[0]!["closesAt"]);
        Assert.AreEqual(TabSeed.Flags, (string?)rfcs[1]!["title"]);
        CollectionAssert.AreEqual(new[] { Sample.Carol.DisplayName, Sample.Dana.DisplayName }, Names(rfcs[1]!["waitingOn"]!));
    }

    [TestMethod]
    public async Task Rfcs_WindowPassed_WaitsOnTheDecider()
    {
        // Arrange: two weeks on, both windows have closed (the closer has not run: the state is read at now).
        await using var app = new TabApiApp();
        var team = await app.InstallTeamAsync("Platform Engineering", TabApiApp.Tenant, Sample.Alice);
        await app.SeedAsync(team);
        app.Clock.Advance(TimeSpan.FromDays(14));

        // Act
        var rfcs = (await app.GetJsonAsync(Path(team, "rfcs")))["rfcs"]!.AsArray();

        // Assert
        Assert.IsTrue(rfcs.All(r => (string?)r!["state"] == "AwaitingDecision" && (string?)r["waitingFor"] == "decision"));
        Assert.IsTrue(rfcs.All(r => Names(r!["waitingOn"]!).SequenceEqual([Sample.Bob.DisplayName])));
    }

    [TestMethod]
    public async Task Decision_One_TheDecisionPagesSections()
    {
        // Arrange
        await using var app = new TabApiApp();
        var team = await app.InstallTeamAsync("Platform Engineering", TabApiApp.Tenant, Sample.Alice);
        await app.SeedAsync(team);

        // Act
        var decision = await app.GetJsonAsync(Path(team, "decisions/DEC-0003"));
        var byNumber = await app.GetJsonAsync(Path(team, "decisions/3"));
        var (missing, missingBody) = await app.GetAsync(Path(team, "decisions/DEC-0042"));

        // Assert
        Assert.AreEqual(TabSeed.Builds, (string?)decision["title"]);
        var headings = decision["sections"]!.AsArray().Select(s => (string?)s!["heading"]).ToList();
        CollectionAssert.IsSubsetOf(new[] { "Context and problem", "The decision and its rationale", "Alternatives not chosen, and why", "Concerns and how each ended" }, headings);
        var html = string.Concat(decision["sections"]!.AsArray().Select(s => (string?)s!["html"]));
        StringAssert.Contains(html, "Keys stay in Key Vault", StringComparison.Ordinal);
        Assert.AreEqual(decision.ToJsonString(), byNumber.ToJsonString());
        Assert.AreEqual(404, missing, missingBody);
    }

    [TestMethod]
    public async Task Metrics_OneTeam_CoresFiguresForWhatTheStoreHolds()
    {
        // Arrange
        await using var app = new TabApiApp();
        var team = await app.InstallTeamAsync("Platform Engineering", TabApiApp.Tenant, Sample.Alice);
        await app.SeedAsync(team);
        var expected = await CoreMetricsAsync(app, [team]);

        // Act
        var metrics = await app.GetJsonAsync(Path(team, "metrics"));

        // Assert
        var f = metrics["figures"]!;
        Assert.AreEqual("UTC", (string?)metrics["zone"]);
        Assert.AreEqual(expected.Decisions, (int)f["decisions"]!);
        Assert.AreEqual(expected.Rfcs, (int)f["rfcs"]!);
        Assert.AreEqual(expected.OpenRfcs, (int)f["openRfcs"]!);
        CollectionAssert.AreEqual(expected.DecisionsPerMonth.Select(p => $"{p.Period}={p.Count}").ToList(), f["decisionsPerMonth"]!.AsArray().Select(p => $"{p!["period"]}={p["count"]}").ToList());
        CollectionAssert.AreEqual(expected.DecisionsPerQuarter.Select(p => $"{p.Period}={p.Count}").ToList(), f["decisionsPerQuarter"]!.AsArray().Select(p => $"{p!["period"]}={p["count"]}").ToList());
        Assert.AreEqual(expected.TimeToDecision.MedianDays, (double?)f["timeToDecision"]!["medianDays"]);
        Assert.AreEqual(expected.TimeToDecision.P90Days, (double?)f["timeToDecision"]!["p90Days"]);
        Assert.AreEqual(expected.Breadth.ShareWithinNorm, (double?)f["shareWithinNorm"]);
        Assert.AreEqual(expected.Concerns.Overruled, (int)f["concerns"]!["overruled"]!);
        Assert.AreEqual(expected.Windows.ClosedEarly, (int)f["windows"]!["closedEarly"]!);
        Assert.AreEqual(expected.Windows.Extended, (int)f["windows"]!["extended"]!);
        Assert.AreEqual(expected.Windows.Withdrawn, (int)f["windows"]!["withdrawn"]!);
        Assert.AreEqual(3, expected.Meetings.Tested);
        Assert.AreEqual(expected.Meetings.Tested, (int)f["meetings"]!["tested"]!);
        Assert.AreEqual(expected.Meetings.BecameThreads, (int)f["meetings"]!["becameThreads"]!);
        Assert.AreEqual(expected.Meetings.BecameRfcs, (int)f["meetings"]!["becameRfcs"]!);
        CollectionAssert.AreEqual(
            expected.Breadth.PerRfc.Select(b => $"{b.Rfc.Number}:{b.Voters}/{b.Commenters}").ToList(),
            f["breadthPerRfc"]!.AsArray().Select(b => $"{b!["rfc"]}:{b["voters"]}/{b["commenters"]}").ToList());
    }

    [TestMethod]
    public async Task Metrics_AllMyTeams_OnlyTheTeamsWhoseRosterHasMe()
    {
        // Arrange
        await using var app = new TabApiApp();
        var mine = await app.InstallTeamAsync("Platform Engineering", TabApiApp.Tenant, Sample.Alice);
        var notMine = await app.InstallTeamAsync("Payments", TabApiApp.Tenant, Sample.Bob);
        await app.SeedAsync(mine, notMine);
        var expected = await CoreMetricsAsync(app, [mine]);

        // Act
        var metrics = await app.GetJsonAsync("/api/tab/metrics");

        // Assert
        CollectionAssert.AreEqual(new[] { mine.Value }, metrics["teams"]!.AsArray().Select(t => (string?)t!["id"]).ToList());
        Assert.AreEqual(expected.Decisions, (int)metrics["figures"]!["decisions"]!);
        Assert.AreEqual(expected.Rfcs, (int)metrics["figures"]!["rfcs"]!);
    }

    /// <summary>Core's figures over what the store holds for <paramref name="teams"/>, computed here the way Core is documented to.</summary>
    internal static async Task<TeamMetrics> CoreMetricsAsync(TabApiApp app, IReadOnlyList<TeamId> teams)
    {
        var store = app.Services.GetRequiredService<IRfcStore>();
        var settings = app.Services.GetRequiredService<ITeamSettingsStore>();
        var inputs = new List<TeamMetricsInput>();
        foreach (var team in teams)
        {
            var rfcs = new List<Rfc>();
            foreach (var summary in await store.ListAsync(team, null, CancellationToken.None))
            {
                rfcs.Add((await store.FindAsync(summary.Id, CancellationToken.None))!);
            }

            var tests = await app.Services.GetRequiredService<IMeetingTestLog>().ListForTeamAsync(team, CancellationToken.None);
            inputs.Add(new TeamMetricsInput(await settings.GetAsync(team, CancellationToken.None), rfcs, tests));
        }

        return TeamMetricsCalculator.Compute(inputs, TimeZoneInfo.Utc, app.Clock.GetUtcNow());
    }

    private static string Path(TeamId team, string route) => $"/api/tab/teams/{Uri.EscapeDataString(team.Value)}/{route}";

    private static List<string?> Numbers(JsonObject list) => [.. list["decisions"]!.AsArray().Select(d => (string?)d!["number"])];

    private static List<string?> Names(JsonNode people) => [.. people.AsArray().Select(p => (string?)p!["name"])];

    private static string Without(string json, string property)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove(property);
        return node.ToJsonString();
    }

}
