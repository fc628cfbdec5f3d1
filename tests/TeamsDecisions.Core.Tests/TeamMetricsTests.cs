using System.Globalization;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Metrics;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class TeamMetricsTests
{
    /// <summary>UTC, Monday to Friday, design reviews due in 48 h.</summary>
    private static readonly TeamSettings Settings = new(Given.Team);

    private static readonly TeamId OtherTeam = new("19:platform@thread.tacv2");

    /// <summary>A Monday.</summary>
    private static readonly DateTimeOffset Monday = At("2026-03-02T09:00Z");

    [TestMethod]
    [DataRow(0, DisplayName = "no teams")]
    [DataRow(1, DisplayName = "a team with no RFCs")]
    [DataRow(2, DisplayName = "two teams with no RFCs")]
    public void Compute_NothingToCount_ZerosEmptyListsAndNullFigures(int teams)
    {
        // Arrange
        var input = Enumerable.Range(0, teams).Select(_ => new TeamMetricsInput(Settings, [], [])).ToList();

        // Act
        var metrics = TeamMetricsCalculator.Compute(input, TimeZoneInfo.Utc, Monday);

        // Assert
        Assert.AreEqual((0, 0, 0), (metrics.Rfcs, metrics.OpenRfcs, metrics.Decisions));
        Assert.IsEmpty(metrics.DecisionsPerMonth);
        Assert.IsEmpty(metrics.DecisionsPerQuarter);
        Assert.AreEqual(new TimeToDecision(0, null, null), metrics.TimeToDecision);
        Assert.IsEmpty(metrics.Breadth.PerRfc);
        Assert.AreEqual((null, null, 0, 0, null), (metrics.Breadth.MedianVoters, metrics.Breadth.MedianCommenters, metrics.Breadth.RequiredAsked, metrics.Breadth.RequiredAnsweredWithinNorm, metrics.Breadth.ShareWithinNorm));
        Assert.AreEqual(new ConcernCounts(0, 0, 0, 0), metrics.Concerns);
        Assert.AreEqual(new WindowCounts(0, 0, 0), metrics.Windows);
        Assert.AreEqual(new MeetingCounts(0, 0, 0, 0), metrics.Meetings);
    }

    [TestMethod]
    public void Compute_SingleDecision_CountedInItsPeriodsWithZerosUpToNow()
    {
        // Arrange: the window (5 working days) closes Monday 9 March 09:00; decided then, a week after the proposal.
        var rfc = Opened(1, Monday);
        Resolve(rfc, At("2026-03-09T09:00Z"));

        // Act
        var metrics = Compute([rfc], At("2026-05-15T12:00Z"));

        // Assert
        Assert.AreEqual((1, 0, 1), (metrics.Rfcs, metrics.OpenRfcs, metrics.Decisions));
        Assert.AreEqual("2026-03=1, 2026-04=0, 2026-05=0", Periods(metrics.DecisionsPerMonth));
        Assert.AreEqual("2026-Q1=1, 2026-Q2=0", Periods(metrics.DecisionsPerQuarter));
        Assert.AreEqual(new TimeToDecision(1, 7, 7), metrics.TimeToDecision);
        Assert.AreEqual(new WindowCounts(0, 0, 0), metrics.Windows, "Decided when the window closed: not early.");
    }

    [TestMethod]
    public void Compute_RfcsInEveryState_DraftsCountButOnlyOpenAndAwaitingAreOpen()
    {
        // Arrange
        var draft = Rfc.Propose(Given.Id(1), Given.Alice, Given.Proposal(), RfcLimits.DefaultWindowDays, Monday).Rfc;
        var open = Opened(2, Monday.AddDays(7));
        var awaiting = Opened(3, Monday);
        var decided = Opened(4, Monday);
        Resolve(decided, Monday.AddDays(7));
        var withdrawn = Opened(5, Monday);
        withdrawn.Withdraw(Given.Alice, "Superseded by a wider proposal.", Monday.AddDays(1));
        var now = Monday.AddDays(8);

        // Act
        var metrics = Compute([draft, open, awaiting, decided, withdrawn], now);

        // Assert
        Assert.AreEqual(RfcState.AwaitingDecision, awaiting.StateAt(now), "Precondition: its window has passed.");
        Assert.AreEqual((5, 2, 1), (metrics.Rfcs, metrics.OpenRfcs, metrics.Decisions));
        Assert.AreEqual(1, metrics.Windows.Withdrawn);
        CollectionAssert.AreEquivalent(new[] { 2, 3, 4, 5 }, metrics.Breadth.PerRfc.Select(b => b.Rfc.Number.Value).ToArray(), "A draft was never opened, so nobody could take part.");
    }

    [TestMethod]
    [DataRow(new[] { 9 }, 9.0, 9.0, DisplayName = "one")]
    [DataRow(new[] { 5, 9, 7 }, 7.0, 9.0, DisplayName = "odd count: the middle one; p90 rank ⌈2.7⌉ = 3")]
    [DataRow(new[] { 10, 5, 8, 6 }, 7.0, 10.0, DisplayName = "even count: mean of the middle two; p90 rank ⌈3.6⌉ = 4")]
    [DataRow(new[] { 6, 5, 4, 3, 2, 1 }, 3.5, 6.0, DisplayName = "six: p90 rank ⌈5.4⌉ = 6, rounded up, not to the nearest")]
    [DataRow(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 5.5, 9.0, DisplayName = "ten: p90 rank 9")]
    [DataRow(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 6.0, 10.0, DisplayName = "eleven: p90 rank ⌈9.9⌉ = 10")]
    [DataRow(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 }, 11.0, 19.0, DisplayName = "twenty-one: p90 rank ⌈18.9⌉ = 19")]
    public void Compute_DaysToDecision_MedianAndNearestRankP90(int[] days, double median, double p90)
    {
        // Arrange
        var rfcs = days.Select((d, i) =>
        {
            var rfc = Opened(i + 1, Monday);
            Resolve(rfc, Monday.AddDays(d));
            return rfc;
        }).ToList();

        // Act
        var metrics = Compute(rfcs, Monday.AddDays(30));

        // Assert
        Assert.AreEqual(new TimeToDecision(days.Length, median, p90), metrics.TimeToDecision);
    }

    [TestMethod]
    public void Compute_DaysToDecision_CountedFromTheProposalNotTheOpening()
    {
        // Arrange: a draft for two days, then opened and decided a day later.
        var rfc = Rfc.Propose(Given.Id(1), Given.Alice, Given.Proposal(), RfcLimits.DefaultWindowDays, Monday).Rfc;
        rfc.Open(Given.Alice, Monday.AddDays(2), Settings.ToWorkingTime());
        Resolve(rfc, Monday.AddDays(3).AddHours(12));

        // Act
        var metrics = Compute([rfc], Monday.AddDays(4));

        // Assert
        Assert.AreEqual(3.5, metrics.TimeToDecision.MedianDays);
    }

    [TestMethod]
    [DataRow("2026-03-31T23:30Z", "Europe/Paris", "2026-04-10T12:00Z", "2026-04=1", "2026-Q2=1", DisplayName = "31 March 23:30 UTC is April in Paris")]
    [DataRow("2026-03-31T23:30Z", "UTC", "2026-04-10T12:00Z", "2026-03=1, 2026-04=0", "2026-Q1=1, 2026-Q2=0", DisplayName = "the same instant is March in UTC")]
    [DataRow("2025-12-31T23:30Z", "Europe/Paris", "2026-01-10T12:00Z", "2026-01=1", "2026-Q1=1", DisplayName = "New Year's Eve 23:30 UTC is next year in Paris")]
    [DataRow("2026-07-01T02:00Z", "America/Los_Angeles", "2026-07-10T12:00Z", "2026-06=1, 2026-07=0", "2026-Q2=1, 2026-Q3=0", DisplayName = "1 July 02:00 UTC is still June in Los Angeles")]
    [DataRow("2026-03-31T22:30Z", "Europe/Paris", "2026-03-31T21:00Z", "2026-04=1", "2026-Q2=1", DisplayName = "the periods reach a decision later than now")]
    public void Compute_DecisionNearAPeriodBoundary_CountedInTheZonesCalendar(string decidedAt, string zone, string now, string months, string quarters)
    {
        // Arrange
        var decided = At(decidedAt);
        var rfc = Opened(1, decided.AddDays(-10));
        Resolve(rfc, decided);

        // Act
        var metrics = TeamMetricsCalculator.Compute([new TeamMetricsInput(Settings, [rfc], [])], TimeZoneInfo.FindSystemTimeZoneById(zone), At(now));

        // Assert
        Assert.AreEqual(months, Periods(metrics.DecisionsPerMonth));
        Assert.AreEqual(quarters, Periods(metrics.DecisionsPerQuarter));
    }

    [TestMethod]
    public void Compute_DecisionsMonthsApart_ZeroPeriodsBetween()
    {
        // Arrange
        var january = Opened(1, At("2026-01-05T09:00Z"));
        Resolve(january, At("2026-01-20T09:00Z"));
        var april1 = Opened(2, At("2026-04-06T09:00Z"));
        Resolve(april1, At("2026-04-20T09:00Z"));
        var april2 = Opened(3, At("2026-04-06T09:00Z"));
        Resolve(april2, At("2026-04-21T09:00Z"));

        // Act
        var metrics = Compute([april2, january, april1], At("2026-07-01T09:00Z"));

        // Assert
        Assert.AreEqual("2026-01=1, 2026-02=0, 2026-03=0, 2026-04=2, 2026-05=0, 2026-06=0, 2026-07=0", Periods(metrics.DecisionsPerMonth));
        Assert.AreEqual("2026-Q1=1, 2026-Q2=2, 2026-Q3=0", Periods(metrics.DecisionsPerQuarter));
    }

    [TestMethod]
    public void Compute_DecisionsOlderThanTheCap_LeftOutOfPeriodsButCountedInTotals()
    {
        // Arrange
        var old = Opened(1, At("2023-01-09T09:00Z"));
        Resolve(old, At("2023-01-20T09:00Z"));
        var recent = Opened(2, At("2025-01-06T09:00Z"));
        Resolve(recent, At("2025-01-20T09:00Z"));

        // Act
        var metrics = Compute([old, recent], At("2026-06-15T09:00Z"));

        // Assert
        Assert.AreEqual(2, metrics.Decisions);
        Assert.HasCount(TeamMetricsCalculator.MonthsShown, metrics.DecisionsPerMonth);
        Assert.AreEqual(new PeriodCount("2024-07", 0), metrics.DecisionsPerMonth[0]);
        Assert.AreEqual(new PeriodCount("2025-01", 1), metrics.DecisionsPerMonth.Single(p => p.Count > 0));
        Assert.AreEqual(new PeriodCount("2026-06", 0), metrics.DecisionsPerMonth[^1]);
        Assert.AreEqual("2024-Q3=0, 2024-Q4=0, 2025-Q1=1, 2025-Q2=0, 2025-Q3=0, 2025-Q4=0, 2026-Q1=0, 2026-Q2=0", Periods(metrics.DecisionsPerQuarter));
    }

    [TestMethod]
    public void Compute_ConcernsInEveryState_CountedByStatus()
    {
        // Arrange: on the first RFC one concern is resolved and two overruled at the decision; the second keeps one open.
        var decided = Opened(1, Monday);
        decided.RaiseConcern(Given.Erin, "Retention is too short", null, Monday.AddHours(1));
        decided.RaiseConcern(Given.Carol, "No schema registry", null, Monday.AddHours(2));
        decided.RaiseConcern(Given.Dave, "On-call load", null, Monday.AddHours(3));
        decided.ResolveConcern(Given.Erin, 1, "Raised to 30 days.", Monday.AddHours(4));
        decided.Resolve(Given.Bob, Given.Accept(new ConcernOverrule(2, "Registry comes next quarter."), new ConcernOverrule(3, "Platform team takes it.")), new DecisionNumber(1), Monday.AddDays(7));
        var open = Opened(2, Monday);
        open.RaiseConcern(Given.Erin, "Costs unclear", null, Monday.AddHours(1));

        // Act
        var metrics = Compute([decided, open], Monday.AddDays(8));

        // Assert
        Assert.AreEqual(new ConcernCounts(Raised: 4, Resolved: 1, Overruled: 2, StillOpen: 1), metrics.Concerns);
    }

    [TestMethod]
    public void Compute_WindowsClosedEarlyExtendedWithdrawn_EachCountedOnce()
    {
        // Arrange
        var calendar = Settings.ToWorkingTime();
        var plain = Opened(1, Monday);
        var closedEarly = Opened(2, Monday);
        closedEarly.CloseEarly(Given.Bob, "Everyone has answered.", Monday.AddDays(1));
        var decidedEarly = Opened(3, Monday);
        Resolve(decidedEarly, Monday.AddDays(2));
        var extended = Opened(4, Monday);
        extended.ExtendWindow(Given.Bob, 2, "Waiting on security.", Monday.AddDays(1), calendar);
        var extendedAfterClose = Opened(5, Monday);
        extendedAfterClose.ExtendWindow(Given.Bob, 3, "One more review.", Monday.AddDays(10), calendar);
        var withdrawn = Opened(6, Monday);
        withdrawn.Withdraw(Given.Alice, "No longer needed.", Monday.AddDays(1));
        var withdrawnDraft = Rfc.Propose(Given.Id(7), Given.Alice, Given.Proposal(), RfcLimits.DefaultWindowDays, Monday).Rfc;
        withdrawnDraft.Withdraw(Given.Alice, "Wrong team.", Monday);
        var resolvedAsWithdrawn = Opened(8, Monday);
        resolvedAsWithdrawn.Resolve(Given.Bob, Given.Outcome(DecisionOutcome.Withdrawn), new DecisionNumber(8), Monday.AddDays(8));

        // Act
        var metrics = Compute([plain, closedEarly, decidedEarly, extended, extendedAfterClose, withdrawn, withdrawnDraft, resolvedAsWithdrawn], Monday.AddDays(11));

        // Assert
        Assert.AreEqual(new WindowCounts(ClosedEarly: 2, Extended: 2, Withdrawn: 3), metrics.Windows, "Withdrawn by the author, as a draft, or by the decider's resolution.");
    }

    [TestMethod]
    public void Compute_VotersAndCommenters_DistinctPerRfcNewestFirstWithMedians()
    {
        // Arrange
        var first = Opened(1, Monday);
        first.CastVote(Given.Carol, VoteKind.Approve, null, Monday.AddHours(1));
        first.CastVote(Given.Carol, VoteKind.Abstain, null, Monday.AddHours(2));
        first.CastVote(Given.Dave, VoteKind.Approve, null, Monday.AddHours(3));
        first.AddComment(Given.Erin, "What about retention?", CommentSource.Card, Monday.AddHours(1));
        first.AddComment(Given.Erin, "And compaction?", CommentSource.ThreadReply, Monday.AddHours(2));
        first.AddComment(new UserRef("CAROL-ID", "Carol"), "Fine by me.", CommentSource.Card, Monday.AddHours(3));
        var second = Opened(2, Monday.AddDays(1));
        second.CastVote(Given.Erin, VoteKind.Approve, null, Monday.AddDays(1));
        var third = Opened(3, Monday.AddDays(2));
        third.AddComment(Given.Alice, "Pinging reviewers.", CommentSource.Card, Monday.AddDays(2));
        third.AddComment(Given.Carol, "Reading.", CommentSource.Card, Monday.AddDays(2));
        third.AddComment(Given.Dave, "Reading too.", CommentSource.Card, Monday.AddDays(2));

        // Act
        var metrics = Compute([first, second, third], Monday.AddDays(3));

        // Assert
        CollectionAssert.AreEqual(
            new[] { new RfcBreadth(third.Id, third.Title, 0, 3), new RfcBreadth(second.Id, second.Title, 1, 0), new RfcBreadth(first.Id, first.Title, 2, 2) },
            metrics.Breadth.PerRfc.ToArray());
        Assert.AreEqual(1.0, metrics.Breadth.MedianVoters);
        Assert.AreEqual(2.0, metrics.Breadth.MedianCommenters);
    }

    [TestMethod]
    [DataRow("vote", -1, 1, DisplayName = "a vote a minute before the norm is within")]
    [DataRow("vote", 0, 1, DisplayName = "a vote at the due time is within")]
    [DataRow("vote", 1, 0, DisplayName = "a vote a minute after the norm is late")]
    [DataRow("comment", -1, 1, DisplayName = "a comment a minute before the norm is within")]
    [DataRow("comment", 1, 0, DisplayName = "a comment a minute after the norm is late")]
    [DataRow("vote, changed late", -1, 1, DisplayName = "the first vote counts, not a later change")]
    [DataRow("late comment, early vote", -1, 1, DisplayName = "the earliest answer of either kind counts")]
    public void Compute_RequiredReviewerAnswersNearTheNorm_WithinOnlyAtOrBeforeTheDueTime(string how, int minutesFromDue, int within)
    {
        // Arrange: a design review opened Monday 09:00 UTC is due Wednesday 09:00; Dave never answers.
        var rfc = Opened(1, Monday);
        var due = At("2026-03-04T09:00Z");
        var answer = due.AddMinutes(minutesFromDue);
        switch (how)
        {
            case "vote":
                rfc.CastVote(Given.Carol, VoteKind.Approve, null, answer);
                break;
            case "comment":
                rfc.AddComment(Given.Carol, "Looks right.", CommentSource.Card, answer);
                break;
            case "vote, changed late":
                rfc.CastVote(Given.Carol, VoteKind.Approve, null, answer);
                rfc.CastVote(Given.Carol, VoteKind.Abstain, null, due.AddHours(5));
                break;
            default:
                rfc.CastVote(Given.Carol, VoteKind.Approve, null, answer);
                rfc.AddComment(Given.Carol, "Later thoughts.", CommentSource.Card, due.AddHours(5));
                break;
        }

        // Act
        var metrics = Compute([rfc], due.AddHours(6));

        // Assert
        Assert.AreEqual((2, within), (metrics.Breadth.RequiredAsked, metrics.Breadth.RequiredAnsweredWithinNorm));
        Assert.AreEqual(within / 2.0, metrics.Breadth.ShareWithinNorm);
    }

    [TestMethod]
    public void Compute_NormNotYetPassed_OnlyThoseWhoAnsweredAreAsked()
    {
        // Arrange: due Wednesday 09:00; Carol answered on Monday, Dave has until Wednesday.
        var rfc = Opened(1, Monday);
        rfc.CastVote(Given.Carol, VoteKind.Approve, null, Monday.AddHours(2));
        var notYetAnswered = Opened(2, Monday);

        // Act
        var metrics = Compute([rfc, notYetAnswered], Monday.AddDays(1));

        // Assert
        Assert.AreEqual((1, 1, 1.0), (metrics.Breadth.RequiredAsked, metrics.Breadth.RequiredAnsweredWithinNorm, metrics.Breadth.ShareWithinNorm));
    }

    [TestMethod]
    public void Compute_TwoTeamsWithDifferentNorms_EachRfcHeldToItsOwnTeamsNorm()
    {
        // Arrange: Carol answers both 30 h after the opening: late for a 24 h norm, within a 72 h one.
        var strict = Settings with { DesignReviewResponseHours = 24 };
        var relaxed = new TeamSettings(OtherTeam) { TimeZone = "Europe/Paris" } with { DesignReviewResponseHours = 72 };
        var ours = Opened(1, Monday, strict);
        var theirs = Opened(1, Monday.AddHours(1), relaxed, OtherTeam);
        ours.CastVote(Given.Carol, VoteKind.Approve, null, Monday.AddHours(30));
        theirs.AddComment(Given.Carol, "Fine.", CommentSource.Card, Monday.AddHours(31));
        var ourMeetings = new[] { Meeting(MeetingChoice.AsyncThread), Meeting(MeetingChoice.Rfc) };
        var theirMeetings = new[] { Meeting(MeetingChoice.KeptMeeting) };

        // Act
        var metrics = TeamMetricsCalculator.Compute(
            [new TeamMetricsInput(strict, [ours], ourMeetings), new TeamMetricsInput(relaxed, [theirs], theirMeetings)],
            TimeZoneInfo.Utc,
            Monday.AddDays(4));

        // Assert
        Assert.AreEqual((2, 2), (metrics.Rfcs, metrics.OpenRfcs));
        Assert.AreEqual((4, 1, 0.25), (metrics.Breadth.RequiredAsked, metrics.Breadth.RequiredAnsweredWithinNorm, metrics.Breadth.ShareWithinNorm));
        CollectionAssert.AreEqual(new[] { theirs.Id, ours.Id }, metrics.Breadth.PerRfc.Select(b => b.Rfc).ToArray(), "Newest first across teams.");
        Assert.AreEqual(new MeetingCounts(3, 1, 1, 1), metrics.Meetings);
    }

    [TestMethod]
    [DataRow(new[] { MeetingChoice.AsyncThread }, 1, 0, 0)]
    [DataRow(new[] { MeetingChoice.Rfc, MeetingChoice.Rfc }, 0, 2, 0)]
    [DataRow(new[] { MeetingChoice.KeptMeeting, MeetingChoice.AsyncThread, MeetingChoice.KeptMeeting, MeetingChoice.Rfc, MeetingChoice.KeptMeeting }, 1, 1, 3)]
    public void Compute_MeetingTests_CountedByWhatTheOrganiserChose(MeetingChoice[] choices, int threads, int rfcs, int kept)
    {
        // Arrange
        var input = new TeamMetricsInput(Settings, [], [.. choices.Select(Meeting)]);

        // Act
        var metrics = TeamMetricsCalculator.Compute([input], TimeZoneInfo.Utc, Monday);

        // Assert
        Assert.AreEqual(new MeetingCounts(choices.Length, threads, rfcs, kept), metrics.Meetings);
    }

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static TeamMetrics Compute(IReadOnlyList<Rfc> rfcs, DateTimeOffset now) =>
        TeamMetricsCalculator.Compute([new TeamMetricsInput(Settings, rfcs, [])], TimeZoneInfo.Utc, now);

    /// <summary>An RFC opened at <paramref name="at"/> the way the service opens one: with its team's calendar.</summary>
    private static Rfc Opened(int number, DateTimeOffset at, TeamSettings? settings = null, TeamId? team = null)
    {
        var rfc = Rfc.Propose(new RfcId(team ?? Given.Team, new RfcNumber(number)), Given.Alice, Given.Proposal(), RfcLimits.DefaultWindowDays, at).Rfc;
        rfc.Open(Given.Alice, at, (settings ?? Settings).ToWorkingTime());
        return rfc;
    }

    /// <summary>Accepts the RFC at <paramref name="at"/>, closing its window early if it is still open.</summary>
    private static void Resolve(Rfc rfc, DateTimeOffset at) =>
        rfc.Resolve(Given.Bob, Given.Accept() with { EarlyCloseReason = "Every reviewer has answered." }, new DecisionNumber(rfc.Number.Value), at);

    private static MeetingTestRecord Meeting(MeetingChoice choice) =>
        new(Given.Alice, Monday, "Weekly sync", MeetingPurpose.StatusUpdate, MeetingVerdict.MakeItAThread, choice, null, Given.Team);

    private static string Periods(IReadOnlyList<PeriodCount> periods) => string.Join(", ", periods.Select(p => $"{p.Period}={p.Count}"));
}
