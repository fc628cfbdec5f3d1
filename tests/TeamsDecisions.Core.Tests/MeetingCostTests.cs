using TeamsDecisions.Core.Meetings;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class MeetingCostTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 14, 0, 0, TimeSpan.Zero);

    private static RecurringSeries Weekly(string subject, TimeSpan length, params MeetingAttendee[] attendees) => new(
        "series-1",
        subject,
        "organiser",
        attendees,
        [.. Enumerable.Range(0, 4).Select(w => new MeetingOccurrence(Monday.AddDays(7 * w), Monday.AddDays(7 * w) + length))],
        "weekly");

    [TestMethod]
    public void Price_WeeklyHourWithSixPeople_IsHoursPerMonthTimesPeople()
    {
        // Arrange: 4 one-hour occurrences in 28 days → 30/28 × 4 h = 4.29 h a month, × 6 people.
        var series = Weekly("Architecture sync", TimeSpan.FromHours(1),
            new("a@x", "Europe/Paris"), new("b@x", "Europe/Paris"), new("c@x", "Europe/Warsaw"), new("d@x", "Asia/Singapore"), new("e@x", "Asia/Singapore"), new("f@x", null));

        // Act
        var cost = MeetingCosts.Price(series);

        // Assert
        Assert.AreEqual(6, cost.People);
        Assert.AreEqual(25.7, cost.PersonHoursPerMonth, 0.05);
        Assert.AreEqual(3, cost.TimeZones, "Paris, Warsaw, Singapore; the unknown one does not count.");
    }

    [TestMethod]
    public void Price_14UtcForSingapore_LandsAt22ForThem()
    {
        // Arrange: 14:00 UTC is 15:00 in Paris (inside hours) and 22:00 in Singapore (UTC+8).
        var series = Weekly("Architecture sync", TimeSpan.FromHours(1),
            new("a@x", "Europe/Paris"), new("d@x", "Asia/Singapore"), new("e@x", "Singapore Standard Time"), new("g@x", "Asia/Singapore"));

        // Act
        var cost = MeetingCosts.Price(series);

        // Assert: the Windows id groups with the IANA ones.
        var burden = cost.OutsideWorkingHours.Single();
        Assert.AreEqual(3, burden.People);
        Assert.AreEqual(new TimeOnly(22, 0), burden.LatestLocalStart);
        Assert.AreEqual("lands at 22:00 for 3 people in Singapore", MeetingCosts.Burden(cost));
        Assert.AreEqual(3, cost.PeopleOutsideWorkingHours);
    }

    [TestMethod]
    public void Price_EarlyMorningSomewhere_IsABurdenToo()
    {
        // Arrange: 06:00 UTC is 07:00 in Paris: before 08:00.
        var early = new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);
        var series = new RecurringSeries("s", "Early sync", "o", [new("a@x", "Europe/Paris")], [new(early, early.AddMinutes(30)), new(early.AddDays(7), early.AddDays(7).AddMinutes(30))], "weekly");

        // Act
        var cost = MeetingCosts.Price(series);

        // Assert
        Assert.AreEqual("lands at 07:00 for 1 person in Paris", MeetingCosts.Burden(cost));
    }

    [TestMethod]
    public void Price_InsideEveryonesWorkingDay_HasNoBurden()
    {
        var series = Weekly("Stand-up", TimeSpan.FromMinutes(15), new("a@x", "Europe/Paris"), new("c@x", "Europe/Warsaw"));

        var cost = MeetingCosts.Price(series);

        Assert.IsEmpty(cost.OutsideWorkingHours);
        Assert.IsNull(MeetingCosts.Burden(cost));
    }

    [TestMethod]
    public void Price_UnknownTimeZoneName_IsIgnoredNotFatal()
    {
        var series = Weekly("Sync", TimeSpan.FromHours(1), new("a@x", "Mars/Olympus_Mons"), new("b@x", "Europe/Paris"));

        var cost = MeetingCosts.Price(series);

        Assert.AreEqual(1, cost.TimeZones);
        Assert.IsEmpty(cost.OutsideWorkingHours);
    }

    [TestMethod]
    [DataRow("Weekly status sync", MeetingPurpose.StatusUpdate)]
    [DataRow("Architecture review", MeetingPurpose.Decision)]
    [DataRow("Q3 brainstorm", MeetingPurpose.EarlyBrainstorming)]
    [DataRow("Onboarding: new joiners", MeetingPurpose.Onboarding)]
    [DataRow("Team coffee", MeetingPurpose.TeamCohesion)]
    [DataRow("Incident review — outage 2291", MeetingPurpose.ProductionIncident)]
    [DataRow("Alice / Bob 1:1", MeetingPurpose.HighStakesInterpersonal)]
    [DataRow("All hands", MeetingPurpose.InformationSharing)]
    [DataRow("Zzz", MeetingPurpose.InformationSharing)]
    public void Guess_Subject_GivesAFirstGuessAtThePurpose(string subject, MeetingPurpose expected)
    {
        Assert.AreEqual(expected, MeetingClassifier.Guess(subject));
    }

    [TestMethod]
    public void PromptState_OncePerQuarter_AndNeverMeansNever()
    {
        // Arrange
        var november = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
        var fresh = new MeetingPromptState("s", null, false);

        // Act
        var prompted = fresh with { LastPromptedQuarter = MeetingPromptState.Quarter(november) };

        // Assert
        Assert.AreEqual("2026-Q4", MeetingPromptState.Quarter(november));
        Assert.IsTrue(fresh.ShouldPrompt(november));
        Assert.IsFalse(prompted.ShouldPrompt(november.AddDays(20)), "Same quarter.");
        Assert.IsTrue(prompted.ShouldPrompt(new DateTimeOffset(2027, 1, 2, 9, 0, 0, TimeSpan.Zero)), "Next quarter.");
        Assert.IsFalse((prompted with { Never = true }).ShouldPrompt(new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.Zero)));
    }

    [TestMethod]
    [DataRow("Asia/Singapore", "Singapore")]
    [DataRow("Singapore Standard Time", "Singapore")]
    [DataRow("America/New_York", "New York")]
    public void Place_TimeZone_IsACityName(string zone, string place)
    {
        Assert.AreEqual(place, MeetingCosts.Place(zone));
    }
}
