using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Search;
using TeamsDecisions.Infrastructure.Search;

namespace TeamsDecisions.Infrastructure.Tests.Search;

[TestClass]
public sealed class DecisionIndexTests
{
    private const string Tenant = "tenant-a";
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TeamId Team = new("19:search@thread.tacv2");

    [TestMethod]
    public void Search_WordInTitleRationaleAndContext_TitleFirstThenRationaleThenContext()
    {
        // Arrange
        using var index = Index(
            Doc(1, context: "We looked at gateway options while planning the quarter."),
            Doc(2, title: "Adopt an API gateway"),
            Doc(3, rationale: "A gateway gives us one place for authentication."));

        // Act
        var hits = index.Search("gateway", Scope(), 10);

        // Assert
        CollectionAssert.AreEqual(new[] { "DEC-0002", "DEC-0003", "DEC-0001" }, hits.Select(h => h.Decision.ToString()).ToArray());
    }

    [TestMethod]
    public void Search_DeployingWhenTheRecordSaysDeployment_FindsItByStem()
    {
        // Arrange
        using var index = Index(Doc(1, rationale: "Blue-green deployment halves the risk of a release."), Doc(2, rationale: "Pick a logging library."));

        // Act
        var hits = index.Search("deploying", Scope(), 10);

        // Assert
        Assert.HasCount(1, hits);
        Assert.AreEqual(new DecisionNumber(1), hits[0].Decision);
    }

    [TestMethod]
    public void Search_DecisionOrRfcNumberTyped_FindsThatRecord()
    {
        // Arrange
        using var index = Index(Doc(12, rfc: 7), Doc(13, rfc: 8));

        // Act
        var byDecision = index.Search("DEC-0012", Scope(), 10);
        var byRfc = index.Search("rfc-8", Scope(), 10);

        // Assert
        Assert.AreEqual(new DecisionNumber(12), byDecision.Single().Decision);
        Assert.AreEqual(new DecisionNumber(13), byRfc.Single().Decision);
    }

    [TestMethod]
    public void Search_WordInRationale_BestLineIsTheRationaleLineWithSpansOnTheMatchedWords()
    {
        // Arrange
        using var index = Index(Doc(1, rationale: "Nothing about it here.\nWe chose Postgres because Postgres replicas are cheap."));

        // Act
        var hit = index.Search("postgres replica", Scope(), 10).Single();

        // Assert
        var line = hit.BestLine!;
        Assert.AreEqual("We chose Postgres because Postgres replicas are cheap.", line.Text);
        CollectionAssert.AreEqual(new[] { "Postgres", "Postgres", "replicas" }, line.Matches.Select(m => line.Text.Substring(m.Start, m.Length)).ToArray());
    }

    [TestMethod]
    public void Search_LongRationaleLine_IsCutAroundTheMatchAndSpansStillPointAtIt()
    {
        // Arrange
        var filler = string.Join(' ', Enumerable.Repeat("lorem ipsum", 80));
        using var index = Index(Doc(1, rationale: filler + " the kubernetes cluster " + filler));

        // Act
        var line = index.Search("kubernetes", Scope(), 10).Single().BestLine!;

        // Assert
        Assert.IsLessThanOrEqualTo(BestLine.MaxChars + 2, line.Text.Length);
        Assert.AreEqual("kubernetes", line.Text.Substring(line.Matches.Single().Start, line.Matches.Single().Length));
    }

    [TestMethod]
    public void Search_SupersededDecisionAndItsReplacement_ReplacementFirstAndSupersededCarriesSupersededBy()
    {
        // Arrange: the old decision matches better (the word in its title), but it was replaced.
        using var index = Index(
            Doc(1, title: "Use Kafka for events", status: RfcState.Superseded, supersededBy: 2),
            Doc(2, title: "Move events to Event Hubs", rationale: "Kafka costs too much to run ourselves.", supersedes: 1));

        // Act
        var hits = index.Search("kafka", Scope(), 10);

        // Assert
        CollectionAssert.AreEqual(new[] { "DEC-0002", "DEC-0001" }, hits.Select(h => h.Decision.ToString()).ToArray());
        Assert.AreEqual(new DecisionNumber(2), hits[1].SupersededBy);
        Assert.AreEqual(new DecisionNumber(1), hits[0].Supersedes);
        Assert.AreEqual(RfcState.Superseded, hits[1].Status);
    }

    [TestMethod]
    public void Search_SupersededMatchesFarBetterThanItsReplacement_StillRanksBelowIt()
    {
        // Arrange: the old decision has the word in its title, the new one only once in its context.
        using var index = Index(
            Doc(1, title: "Kafka for events", rationale: "Kafka replays.", status: RfcState.Superseded, supersededBy: 2),
            Doc(2, title: "Move events to Event Hubs", context: "A long background that mentions kafka once among many other words about hubs, costs and teams.", supersedes: 1),
            Doc(3, title: "Kafka client library"));

        // Act
        var hits = index.Search("kafka", Scope(), 10);

        // Assert
        var order = hits.Select(h => h.Decision!.Value.Value).ToList();
        Assert.IsLessThan(order.IndexOf(1), order.IndexOf(2));
    }

    [TestMethod]
    public void Search_OtherTeamAndOtherTenant_NeverReturned()
    {
        // Arrange
        var otherTeam = new TeamId("19:other@thread.tacv2");
        using var index = Index(Doc(1, title: "Cache invalidation"), Doc(2, title: "Cache invalidation", team: otherTeam), Doc(3, title: "Cache invalidation", tenant: "tenant-b"));

        // Act
        var hits = index.Search("cache", Scope(), 10);
        var both = index.Search("cache", new SearchScope(Tenant, [Team, otherTeam]), 10);

        // Assert
        CollectionAssert.AreEqual(new[] { 1 }, hits.Select(h => h.Decision!.Value.Value).ToArray());
        CollectionAssert.AreEquivalent(new[] { 1, 2 }, both.Select(h => h.Decision!.Value.Value).ToArray());
    }

    [TestMethod]
    public void SearchRecentRelated_EmptyTeamList_ReturnNothing()
    {
        // Arrange
        using var index = Index(Doc(1, title: "Cache invalidation"));
        var empty = new SearchScope(Tenant, []);

        // Act
        var search = index.Search("cache", empty, 10);
        var recent = index.Recent(empty, 10);
        var related = index.Related("cache invalidation", empty, 10);

        // Assert
        Assert.IsEmpty(search);
        Assert.IsEmpty(recent);
        Assert.IsEmpty(related);
    }

    [TestMethod]
    [DataRow("title:*")]
    [DataRow("*:*")]
    [DataRow("\"unbalanced")]
    [DataRow("(((")]
    [DataRow("cache AND NOT title:[a TO z] OR ~2^4")]
    [DataRow("\0\u0001\u202Ecache\u200B\r\n")]
    [DataRow("")]
    [DataRow("   ")]
    public void Search_HostileQuery_DoesNotThrowAndIsSearchedAsWords(string query)
    {
        // Arrange
        using var index = Index(Doc(1, title: "Cache invalidation"), Doc(2, title: "Title case for headings"), Doc(3, title: "Logging levels"));

        // Act
        var hits = index.Search(query, Scope(), 10);

        // Assert: only records that contain the words typed; never everything.
        Assert.IsLessThan(3, hits.Count);
        Assert.IsTrue(hits.All(h => query.Contains(h.Title.Split(' ')[0], StringComparison.OrdinalIgnoreCase)), string.Join(", ", hits.Select(h => h.Title)));
    }

    [TestMethod]
    public void Search_TenKilobytePaste_DoesNotThrowAndSearchesItsFirstWords()
    {
        // Arrange
        using var index = Index(Doc(1, title: "Cache invalidation"), Doc(2, title: "Logging levels"));
        var paste = "cache invalidation " + string.Concat(Enumerable.Range(0, 1_000).Select(i => $"w{i} "));

        // Act
        var hits = index.Search(paste, Scope(), 10);
        var single = index.Search(new string('x', 10_000), Scope(), 10);

        // Assert
        Assert.IsEmpty(hits, "most of 32 words must match, and only two of them do");
        Assert.IsEmpty(single);
        Assert.AreEqual(DecisionIndex.MaxQueryChars, DecisionIndex.Clean(paste, DecisionIndex.MaxQueryChars).Length);
    }

    [TestMethod]
    public void Recent_DecisionsAndAnOpenRfc_DecisionsOnlyNewestFirst()
    {
        // Arrange
        using var index = Index(
            Doc(1, date: Start.AddDays(1)),
            Doc(2, date: Start.AddDays(3)),
            Doc(3, date: Start.AddDays(2)),
            Doc(0, rfc: 9, date: Start.AddDays(9)));

        // Act
        var recent = index.Recent(Scope(), 10);

        // Assert
        CollectionAssert.AreEqual(new[] { "DEC-0002", "DEC-0003", "DEC-0001" }, recent.Select(h => h.Decision.ToString()).ToArray());
        Assert.IsTrue(recent.All(h => h.BestLine is null));
    }

    [TestMethod]
    public void Recent_DecidedTheSameInstant_LaterNumberFirst()
    {
        // Arrange: two decisions stamped with the same time (a batch, or a coarse clock).
        using var index = Index(Doc(1, date: Start), Doc(2, date: Start), Doc(3, date: Start));

        // Act
        var recent = index.Recent(Scope(), 10);

        // Assert
        CollectionAssert.AreEqual(new[] { "DEC-0003", "DEC-0002", "DEC-0001" }, recent.Select(h => h.Decision.ToString()).ToArray());
    }

    [TestMethod]
    public void Related_ProposalSharingTerms_FindsTheDecisionThatSharesThem()
    {
        // Arrange
        using var index = Index(
            Doc(1, title: "Retry policy for payment webhooks", rationale: "Exponential backoff with jitter avoids thundering herds on the payment provider."),
            Doc(2, title: "Logging levels", rationale: "Warnings are for things someone must act on."),
            Doc(0, rfc: 5, title: "Retry payment webhooks"));

        // Act
        var related = index.Related("Webhooks from the payment provider fail; retry them with backoff?", Scope(), 10);

        // Assert: decisions only, the one sharing the words first.
        Assert.AreEqual(new DecisionNumber(1), related[0].Decision);
        Assert.IsTrue(related.All(h => h.Decision is not null));
        Assert.IsFalse(related.Any(h => h.Decision == new DecisionNumber(2)));
    }

    [TestMethod]
    public void Search_OpenRfcWhoseWindowPassed_IsAwaitingDecision()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        using var index = new DecisionIndex(clock);
        index.Put(Doc(0, rfc: 4, title: "Cache invalidation", closesAt: Start.AddDays(1)));
        index.Refresh();
        clock.Advance(TimeSpan.FromDays(2));

        // Act
        var hit = index.Search("cache", Scope(), 10).Single();

        // Assert
        Assert.AreEqual(RfcState.AwaitingDecision, hit.Status);
        Assert.IsNull(hit.Decision);
    }

    private static SearchScope Scope() => new(Tenant, [Team]);

    private static DecisionIndex Index(params SearchDocument[] documents)
    {
        var index = new DecisionIndex(new FakeTimeProvider(Start));
        foreach (var document in documents)
        {
            index.Put(document);
        }

        index.Refresh();
        return index;
    }

    /// <summary>A decision numbered <paramref name="decision"/> (0: an open RFC) with neutral text in every field not given.</summary>
    private static SearchDocument Doc(
        int decision,
        int? rfc = null,
        string title = "Neutral title",
        string context = "Some background.",
        string rationale = "Because it is simpler.",
        RfcState? status = null,
        int? supersededBy = null,
        int? supersedes = null,
        TeamId? team = null,
        string tenant = Tenant,
        DateTimeOffset? date = null,
        DateTimeOffset? closesAt = null) => new(
        new RfcId(team ?? Team, new RfcNumber(rfc ?? decision)),
        tenant,
        title,
        status ?? (decision == 0 ? RfcState.Open : RfcState.Accepted),
        decision == 0 ? null : new DecisionNumber(decision),
        decision == 0 ? null : DecisionOutcome.Accepted,
        date ?? Start,
        closesAt,
        null,
        supersedes is { } s ? new DecisionNumber(s) : null,
        supersededBy is { } b ? new DecisionNumber(b) : null,
        context,
        "Do the thing.",
        string.Empty,
        string.Empty,
        string.Empty,
        decision == 0 ? string.Empty : rationale,
        string.Empty,
        string.Empty,
        string.Empty,
        string.Empty,
        "Alice Martin\nBob Nowak");
}
