using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class MeetingTestTests
{
    private const MeetingVerdict Thread = MeetingVerdict.MakeItAThread;
    private const MeetingVerdict Rfc = MeetingVerdict.MakeItAnRfc;
    private const MeetingVerdict Keep = MeetingVerdict.KeepTheMeeting;
    private const MeetingVerdict Short = MeetingVerdict.KeepItShortAndWriteUp;

    /// <summary>
    /// The policy table: every purpose × (no need, real-time back-and-forth, visual collaboration, shared experience).
    /// Written out by hand from the seed, not computed.
    /// </summary>
    public static IEnumerable<object[]> Table =>
    [
        // purpose,                               none,   realtime, visual, shared
        [MeetingPurpose.StatusUpdate,             Thread, Short,    Short,  Short],
        [MeetingPurpose.InformationSharing,       Thread, Short,    Short,  Short],
        [MeetingPurpose.Decision,                 Rfc,    Short,    Short,  Rfc],
        [MeetingPurpose.EarlyBrainstorming,       Keep,   Keep,     Keep,   Keep],
        [MeetingPurpose.Onboarding,               Keep,   Keep,     Keep,   Keep],
        [MeetingPurpose.HighStakesInterpersonal,  Keep,   Keep,     Keep,   Keep],
        [MeetingPurpose.TeamCohesion,             Keep,   Keep,     Keep,   Keep],
        [MeetingPurpose.ProductionIncident,       Keep,   Keep,     Keep,   Keep],
    ];

    [TestMethod]
    [DynamicData(nameof(Table))]
    public void Evaluate_EveryPurposeAndNeed_GivesTheTablesVerdict(MeetingPurpose purpose, MeetingVerdict none, MeetingVerdict realTime, MeetingVerdict visual, MeetingVerdict shared)
    {
        // Act
        var verdicts = new[]
        {
            MeetingTest.Evaluate(new MeetingProfile(purpose, false, false, false, 6, 1)).Verdict,
            MeetingTest.Evaluate(new MeetingProfile(purpose, true, false, false, 6, 1)).Verdict,
            MeetingTest.Evaluate(new MeetingProfile(purpose, false, true, false, 6, 1)).Verdict,
            MeetingTest.Evaluate(new MeetingProfile(purpose, false, false, true, 6, 1)).Verdict,
        };

        // Assert
        CollectionAssert.AreEqual(new[] { none, realTime, visual, shared }, verdicts, purpose.ToString());
    }

    [TestMethod]
    [DynamicData(nameof(Table))]
    public void Evaluate_EveryVerdict_ComesWithAtLeastOneReason(MeetingPurpose purpose, MeetingVerdict none, MeetingVerdict realTime, MeetingVerdict visual, MeetingVerdict shared)
    {
        _ = (none, realTime, visual, shared);
        foreach (var needs in new[] { (false, false, false), (true, false, false), (false, true, false), (false, false, true), (true, true, true) })
        {
            var advice = MeetingTest.Evaluate(new MeetingProfile(purpose, needs.Item1, needs.Item2, needs.Item3, 4, 1));
            Assert.IsNotEmpty(advice.Reasons);
            Assert.IsTrue(advice.Reasons.All(r => r.Length > 20 && !r.Contains('{', StringComparison.Ordinal)), string.Join(" / ", advice.Reasons));
        }
    }

    [TestMethod]
    public void Evaluate_DecisionWithManyPeople_SaysLiveDiscussionsFavourTheConfident()
    {
        var advice = MeetingTest.Evaluate(new MeetingProfile(MeetingPurpose.Decision, false, false, false, 12, 1));

        Assert.AreEqual(Rfc, advice.Verdict);
        Assert.IsTrue(advice.Reasons.Any(r => r.Contains("whoever is most comfortable speaking", StringComparison.Ordinal)));
        Assert.IsTrue(advice.IsDesignReview, "An RFC gets the design-review response norm.");
    }

    [TestMethod]
    public void Evaluate_KeptMeetingAcrossThreeTimeZones_NamesTheLateHourAsACost()
    {
        var advice = MeetingTest.Evaluate(new MeetingProfile(MeetingPurpose.TeamCohesion, false, false, true, 9, 3));

        Assert.AreEqual(Keep, advice.Verdict);
        Assert.IsTrue(advice.Reasons.Any(r => r.Contains("23:00", StringComparison.Ordinal) && r.Contains("3 time zones", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Evaluate_ThreadableMeetingOutsideWorkingHoursForSome_CountsThem()
    {
        var advice = MeetingTest.Evaluate(new MeetingProfile(MeetingPurpose.StatusUpdate, false, false, false, 12, 3, AttendeesOutsideWorkingHours: 4));

        Assert.AreEqual(Thread, advice.Verdict);
        Assert.IsTrue(advice.Reasons.Any(r => r.Contains("4 of 12 people", StringComparison.Ordinal) && r.Contains("asset", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Evaluate_OneTimeZoneEveryoneInHours_SaysNothingAboutTimeZones()
    {
        var advice = MeetingTest.Evaluate(new MeetingProfile(MeetingPurpose.StatusUpdate, false, false, false, 5, 1));

        Assert.IsFalse(advice.Reasons.Any(r => r.Contains("time zone", StringComparison.OrdinalIgnoreCase)));
    }

    [TestMethod]
    public void Evaluate_BrainstormingKeepsItsMeeting_ButAsAShortExplorationBeforeWriting()
    {
        var advice = MeetingTest.Evaluate(new MeetingProfile(MeetingPurpose.EarlyBrainstorming, true, true, false, 6, 1));

        Assert.AreEqual(Keep, advice.Verdict);
        StringAssert.Contains(advice.Reasons[0], "hard to replicate async");
    }

    [TestMethod]
    [DataRow(0, 1, "Meeting.Attendees")]
    [DataRow(5, 0, "Meeting.TimeZones")]
    [DataRow(2, 3, "Meeting.TimeZones")]
    public void Evaluate_ImpossibleCounts_AreRefusedNamingTheField(int attendees, int timeZones, string rule)
    {
        var refusal = Assert.ThrowsExactly<DomainRuleException>(() => MeetingTest.Evaluate(new MeetingProfile(MeetingPurpose.StatusUpdate, false, false, false, attendees, timeZones)));

        Assert.AreEqual(rule, refusal.Rule);
    }

    [TestMethod]
    public void Evaluate_UnknownPurpose_IsRefused()
    {
        var refusal = Assert.ThrowsExactly<DomainRuleException>(() => MeetingTest.Evaluate(new MeetingProfile((MeetingPurpose)42, false, false, false, 3, 1)));

        Assert.AreEqual("purpose", refusal.Field);
    }
}
