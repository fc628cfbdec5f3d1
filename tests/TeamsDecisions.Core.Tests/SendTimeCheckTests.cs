using TeamsDecisions.Core.Meetings;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class SendTimeCheckTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static MeetingInvitation Invitation(DateTimeOffset start, MeetingRecurrence? recurrence, int people = 3, string? zone = null) => new(
        "Weekly status sync",
        start,
        start.AddHours(1),
        Paris,
        [.. Enumerable.Range(0, people).Select(i => new MeetingAttendee($"p{i}@contoso.com", zone))],
        recurrence);

    [TestMethod]
    public void Occurrences_WeeklyAcrossTheSpringChange_SameLocalTimeInTheMeetingsZone()
    {
        // Arrange: Tuesdays 09:00 Paris from 16 March 2027; clocks go forward on Sunday 28 March.
        var invitation = Invitation(new DateTimeOffset(2027, 3, 16, 8, 0, 0, TimeSpan.Zero), new MeetingRecurrence(RecurrenceKind.Weekly, 1, [DayOfWeek.Tuesday]));

        // Act
        var occurrences = SendTimeCheck.Occurrences(invitation, 28);

        // Assert
        CollectionAssert.AreEqual(
            new[] { "2027-03-16T08:00Z", "2027-03-23T08:00Z", "2027-03-30T07:00Z", "2027-04-06T07:00Z" },
            occurrences.Select(o => o.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        Assert.IsTrue(occurrences.All(o => o.End - o.Start == TimeSpan.FromHours(1)));
    }

    [TestMethod]
    [DataRow(RecurrenceKind.Daily, 1, 28)]
    [DataRow(RecurrenceKind.Weekday, 1, 20)]
    [DataRow(RecurrenceKind.Weekly, 2, 4)]
    [DataRow(RecurrenceKind.Monthly, 1, 1)]
    public void Occurrences_PerPattern_OverFourPeriods(RecurrenceKind kind, int interval, int expected)
    {
        // Arrange: Tuesday 1 December 2026, 15:00 Paris.
        var invitation = Invitation(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero), new MeetingRecurrence(kind, interval, []));

        // Act
        var cost = SendTimeCheck.Price(invitation);

        // Assert
        Assert.HasCount(expected, cost.Series.Occurrences);
    }

    [TestMethod]
    public void Question_WeeklyLateInSingapore_TheSeedsQuestionWithTheFacts()
    {
        // Arrange: seven people, three in Singapore, weekly at 14:00 UTC (22:00 there).
        var invitation = Invitation(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero), new MeetingRecurrence(RecurrenceKind.Weekly, 1, [DayOfWeek.Tuesday]), people: 4) with { };
        invitation = invitation with { Attendees = [.. invitation.Attendees, new("li@x", "Asia/Singapore"), new("wei@x", "Singapore Standard Time"), new("ana@x", "Asia/Singapore")] };

        // Act
        var cost = SendTimeCheck.Price(invitation);

        // Assert
        Assert.IsTrue(SendTimeCheck.ShouldAsk(invitation, cost));
        Assert.AreEqual("This weekly meeting costs 30 person-hours a month and lands at 22:00 for 3 people in Singapore. Would a written async thread achieve the same outcome?", SendTimeCheck.Question(invitation, cost));
        Assert.IsLessThan(SendTimeCheck.AlertMessageMax, SendTimeCheck.Question(invitation, cost).Length);
    }

    [TestMethod]
    [DataRow(7, false)]
    [DataRow(8, true)]
    public void ShouldAsk_OneOffMeeting_FromEightPersonHours(int people, bool asks)
    {
        // Arrange
        var invitation = Invitation(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero), null, people);

        // Act
        var cost = SendTimeCheck.Price(invitation);

        // Assert
        Assert.AreEqual(asks, SendTimeCheck.ShouldAsk(invitation, cost));
        Assert.AreEqual($"This meeting costs {people} person-hours.", SendTimeCheck.Facts(invitation, cost));
    }

    [TestMethod]
    public void Describe_Patterns_AsAdjectives()
    {
        Assert.AreEqual("weekly", new MeetingRecurrence(RecurrenceKind.Weekly, 1, []).Describe());
        Assert.AreEqual("fortnightly", new MeetingRecurrence(RecurrenceKind.Weekly, 2, []).Describe());
        Assert.AreEqual("daily", new MeetingRecurrence(RecurrenceKind.Weekday, 1, []).Describe());
        Assert.AreEqual("recurring", new MeetingRecurrence(RecurrenceKind.Monthly, 3, []).Describe());
    }
}
