using System.Globalization;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class ResponsePolicyTests
{
    private const string MonFri = "MonFri";
    private const string EveryDay = "All";

    [TestMethod]
    [DataRow("Europe/Paris", MonFri, "2026-03-04 10:00", 48, "2026-03-06T10:00+01:00", DisplayName = "Paris, Wednesday, two working days")]
    [DataRow("Europe/Paris", MonFri, "2026-03-06 16:00", 48, "2026-03-10T16:00+01:00", DisplayName = "Paris, Friday 16:00 design review, due Tuesday 16:00")]
    [DataRow("Europe/Paris", MonFri, "2026-03-27 16:00", 48, "2026-03-31T16:00+02:00", DisplayName = "Paris, weekend of the spring clock change")]
    [DataRow("Europe/Paris", MonFri, "2026-10-23 16:00", 24, "2026-10-26T16:00+01:00", DisplayName = "Paris, weekend of the autumn clock change")]
    [DataRow("America/New_York", MonFri, "2026-03-06 09:00", 48, "2026-03-10T09:00-04:00", DisplayName = "New York, weekend of the spring clock change")]
    [DataRow("America/New_York", MonFri, "2026-10-30 17:00", 24, "2026-11-02T17:00-05:00", DisplayName = "New York, weekend of the autumn clock change")]
    [DataRow("Asia/Kolkata", MonFri, "2026-03-05 14:30", 48, "2026-03-09T14:30+05:30", DisplayName = "Kolkata, half-hour zone, over a weekend")]
    [DataRow("Europe/Paris", MonFri, "2026-03-07 10:00", 24, "2026-03-10T00:00+01:00", DisplayName = "Paris, opened Saturday, counting starts Monday")]
    [DataRow("UTC", MonFri, "2026-03-02 09:00", 24, "2026-03-03T09:00+00:00", DisplayName = "UTC, Monday routine")]
    [DataRow("Europe/Paris", EveryDay, "2026-03-28 12:00", 24, "2026-03-29T12:00+02:00", DisplayName = "Paris, Sunday working, 23-hour day counts as the clock shows")]
    [DataRow("America/New_York", EveryDay, "2026-10-31 12:00", 24, "2026-11-01T12:00-05:00", DisplayName = "New York, Sunday working, 25-hour day counts as the clock shows")]
    [DataRow("Europe/Paris", EveryDay, "2026-03-28 02:30", 24, "2026-03-29T03:30+02:00", DisplayName = "Paris, due in the skipped hour moves past it")]
    [DataRow("Europe/Paris", EveryDay, "2026-10-24 02:30", 24, "2026-10-25T02:30+02:00", DisplayName = "Paris, due in the repeated hour is its first occurrence")]
    public void DueAt_NormOverWorkingDays_DueAtExpectedInstant(string zone, string days, string opened, int hours, string expected)
    {
        // Arrange
        var calendar = Calendar(zone, days);

        // Act
        var due = ResponsePolicy.DueAt(calendar, Local(zone, opened), TimeSpan.FromHours(hours));

        // Assert
        Assert.AreEqual(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), due);
    }

    [TestMethod]
    public void DueAt_WindowClosesBeforeTheNorm_DueAtTheClose()
    {
        // Arrange
        var calendar = Calendar("Europe/Paris", MonFri);
        var opened = Local("Europe/Paris", "2026-03-02 10:00");
        var closes = Local("Europe/Paris", "2026-03-02 18:00");

        // Act
        var due = ResponsePolicy.DueAt(calendar, opened, TimeSpan.FromHours(48), closes);

        // Assert
        Assert.AreEqual(closes, due);
    }

    [TestMethod]
    [DataRow("Europe/Paris", "2026-03-04 10:00", 48, 75, null, "2026-03-05T22:00+01:00", DisplayName = "Paris, 75% of 48 h is 36 h")]
    [DataRow("Europe/Paris", "2026-03-06 16:00", 48, 75, null, "2026-03-10T04:00+01:00", DisplayName = "Paris, Friday: the weekend does not count")]
    [DataRow("America/New_York", "2026-03-06 09:00", 24, 75, null, "2026-03-09T03:00-04:00", DisplayName = "New York, routine over the spring change")]
    [DataRow("Asia/Kolkata", "2026-03-05 14:30", 48, 50, null, "2026-03-06T14:30+05:30", DisplayName = "Kolkata, reminder at half the norm")]
    [DataRow("Europe/Paris", "2026-03-02 10:00", 48, 75, "2026-03-02 18:00", "2026-03-02T16:00+01:00", DisplayName = "Paris, window closes first: 75% of the time left")]
    public void ReminderAt_ShareOfTheNorm_RemindsAtExpectedInstant(string zone, string opened, int hours, int percent, string? closes, string expected)
    {
        // Arrange
        var calendar = Calendar(zone, MonFri);

        // Act
        var at = ResponsePolicy.ReminderAt(calendar, Local(zone, opened), TimeSpan.FromHours(hours), percent, closes is null ? null : Local(zone, closes));

        // Assert
        Assert.AreEqual(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), at);
    }

    [TestMethod]
    [DataRow("Europe/Paris", "08:00", "18:00", "2026-03-10T04:00+01:00", "2026-03-10T08:00+01:00", DisplayName = "Paris, before hours: held until 08:00")]
    [DataRow("Europe/Paris", "08:00", "18:00", "2026-03-10T10:00+01:00", "2026-03-10T10:00+01:00", DisplayName = "Paris, inside hours: now")]
    [DataRow("Europe/Paris", "08:00", "18:00", "2026-03-09T18:00+01:00", "2026-03-10T08:00+01:00", DisplayName = "Paris, at the end of the day: next morning")]
    [DataRow("Europe/Paris", "08:00", "18:00", "2026-03-06T18:30+01:00", "2026-03-09T08:00+01:00", DisplayName = "Paris, Friday evening: Monday morning")]
    [DataRow("Europe/Paris", "08:00", "18:00", "2026-03-07T12:00+01:00", "2026-03-09T08:00+01:00", DisplayName = "Paris, Saturday: Monday morning")]
    [DataRow("America/New_York", "08:00", "18:00", "2026-03-08T12:00+00:00", "2026-03-09T08:00-04:00", DisplayName = "New York, the Sunday clocks change: Monday 08:00 daylight time")]
    [DataRow("America/New_York", "08:00", "18:00", "2026-03-09T08:00+00:00", "2026-03-09T08:00-04:00", DisplayName = "New York, 04:00 local: held until 08:00")]
    [DataRow("Asia/Singapore", "08:00", "18:00", "2026-03-09T12:00+00:00", "2026-03-10T08:00+08:00", DisplayName = "Singapore, 20:00 local: next morning")]
    [DataRow("Asia/Kolkata", "09:30", "17:30", "2026-03-09T03:00+00:00", "2026-03-09T09:30+05:30", DisplayName = "Kolkata, 08:30 local: held until 09:30")]
    [DataRow("Asia/Kolkata", "09:30", "17:30", "2026-03-09T04:00+00:00", "2026-03-09T04:00+00:00", DisplayName = "Kolkata, 09:30 local: now")]
    public void DeliveryAt_PersonsWorkingHours_FirstInstantInsideThem(string zone, string start, string end, string at, string expected)
    {
        // Arrange
        var person = new WorkingTime(TimeZoneInfo.FindSystemTimeZoneById(zone), WeekDaysExtensions.MondayToFriday, TimeOnly.Parse(start, CultureInfo.InvariantCulture), TimeOnly.Parse(end, CultureInfo.InvariantCulture));

        // Act
        var delivery = ResponsePolicy.DeliveryAt(person, DateTimeOffset.Parse(at, CultureInfo.InvariantCulture));

        // Assert
        Assert.AreEqual(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), delivery);
    }

    [TestMethod]
    [DataRow("carol-id", "Europe/Paris", "2026-03-10T08:00+01:00", DisplayName = "Paris reviewer: 08:00 Paris")]
    [DataRow("dave-id", "America/New_York", "2026-03-10T08:00-04:00", DisplayName = "New York reviewer: 08:00 New York (already on summer time)")]
    [DataRow("erin-id", "Asia/Singapore", "2026-03-10T11:00+08:00", DisplayName = "Singapore reviewer: at once, 11:00 Singapore")]
    public void ReviewerReminders_TeamSpreadOverThreeZones_EachDeliveredInTheirOwnHours(string reviewer, string zone, string expected)
    {
        // Arrange: a Paris team's design review opened Friday 16:00; the reminder point is Tuesday 04:00 Paris.
        var settings = Paris();
        var opened = Local("Europe/Paris", "2026-03-06 16:00");
        var rfc = OpenRfc(settings, opened, Given.Proposal(windowDays: 10) with { RequiredReviewers = [Given.Carol, Given.Dave, Given.Erin] });
        var person = new WorkingTime(TimeZoneInfo.FindSystemTimeZoneById(zone), WeekDaysExtensions.MondayToFriday, new TimeOnly(8, 0), new TimeOnly(18, 0));

        // Act
        var reminder = ResponsePolicy.ReviewerReminders(rfc, settings, Local("Europe/Paris", "2026-03-10 04:00")).Single(r => r.Person.Id == reviewer);
        var delivery = ResponsePolicy.DeliveryAt(person, reminder.RemindAt);

        // Assert
        Assert.AreEqual(Local("Europe/Paris", "2026-03-10 04:00"), reminder.RemindAt);
        Assert.AreEqual(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), delivery);
    }

    [TestMethod]
    [DataRow("2026-03-02 12:00", null, DisplayName = "Just opened: none")]
    [DataRow("2026-03-03 21:59", null, DisplayName = "A minute before the reminder point: none")]
    [DataRow("2026-03-03 22:00", 0, DisplayName = "At 75% of the first 48 h: period 0")]
    [DataRow("2026-03-05 21:59", 0, DisplayName = "Later in the same period: still period 0, same id")]
    [DataRow("2026-03-05 22:00", 1, DisplayName = "Same point of the next norm period: period 1")]
    [DataRow("2026-03-07 12:00", 1, DisplayName = "Saturday does not count: still period 1")]
    [DataRow("2026-03-09 22:00", 2, DisplayName = "Monday night: period 2")]
    [DataRow("2026-03-16 10:00", null, DisplayName = "Window closed: none")]
    public void ReviewerReminders_OverTheWindow_AtMostOnePerNormPeriod(string now, int? period)
    {
        // Arrange: a Paris design review opened Monday 10:00 for 10 working days (closes Monday 16 March 10:00).
        var settings = Paris();
        var rfc = OpenRfc(settings, Local("Europe/Paris", "2026-03-02 10:00"), Given.Proposal(windowDays: 10));

        // Act
        var reminders = ResponsePolicy.ReviewerReminders(rfc, settings, Local("Europe/Paris", now));

        // Assert
        if (period is null)
        {
            Assert.IsEmpty(reminders);
            return;
        }

        CollectionAssert.AreEqual(
            new[] { $"remind:19:eng@thread.tacv2:RFC-0001:CAROL-ID:respond{period}", $"remind:19:eng@thread.tacv2:RFC-0001:DAVE-ID:respond{period}" },
            reminders.Select(r => r.Id).ToArray());
        Assert.IsTrue(reminders.All(r => r.Reason == ReminderReason.ResponseDue && r.Ordinal == period && r.RemindAt <= Local("Europe/Paris", now)));
    }

    [TestMethod]
    public void ReviewerReminders_ComputedAgainInTheSamePeriod_SameIds()
    {
        // Arrange
        var settings = Paris();
        var rfc = OpenRfc(settings, Local("Europe/Paris", "2026-03-02 10:00"), Given.Proposal(windowDays: 10));

        // Act
        var first = ResponsePolicy.ReviewerReminders(rfc, settings, Local("Europe/Paris", "2026-03-03 22:00"));
        var retry = ResponsePolicy.ReviewerReminders(rfc, settings, Local("Europe/Paris", "2026-03-04 09:15"));

        // Assert
        CollectionAssert.AreEqual(first.ToArray(), retry.ToArray());
    }

    [TestMethod]
    public void ReviewerReminders_OneVotedOneCommented_NoneForEither()
    {
        // Arrange
        var settings = Paris();
        var opened = Local("Europe/Paris", "2026-03-02 10:00");
        var rfc = OpenRfc(settings, opened, Given.Proposal(windowDays: 10));
        rfc.CastVote(Given.Carol, VoteKind.Approve, null, opened.AddHours(1));

        // Act
        var afterVote = ResponsePolicy.ReviewerReminders(rfc, settings, Local("Europe/Paris", "2026-03-04 09:00"));
        rfc.AddComment(Given.Dave, "Looks right to me.", CommentSource.Card, opened.AddHours(2));
        var afterComment = ResponsePolicy.ReviewerReminders(rfc, settings, Local("Europe/Paris", "2026-03-04 09:00"));

        // Assert
        Assert.AreEqual(Given.Dave, afterVote.Single().Person);
        Assert.IsEmpty(afterComment);
    }

    [TestMethod]
    public void ReviewerReminders_RoutineRfc_UsesTheRoutineNorm()
    {
        // Arrange: 75% of 24 h from Monday 10:00 is Tuesday 04:00.
        var settings = Paris();
        var rfc = OpenRfc(settings, Local("Europe/Paris", "2026-03-02 10:00"), Given.Proposal(windowDays: 10) with { Kind = RfcKind.Routine });

        // Act
        var before = ResponsePolicy.ReviewerReminders(rfc, settings, Local("Europe/Paris", "2026-03-03 03:59"));
        var at = ResponsePolicy.ReviewerReminders(rfc, settings, Local("Europe/Paris", "2026-03-03 04:00"));

        // Assert
        Assert.IsEmpty(before);
        Assert.HasCount(2, at);
        Assert.AreEqual(Local("Europe/Paris", "2026-03-03 10:00"), at[0].RespondBy);
    }

    [TestMethod]
    [DataRow("draft", DisplayName = "Draft")]
    [DataRow("withdrawn", DisplayName = "Withdrawn")]
    [DataRow("closed-early", DisplayName = "Window closed early")]
    public void ReviewerReminders_NotOpenForComment_None(string state)
    {
        // Arrange
        var settings = Paris();
        var opened = Local("Europe/Paris", "2026-03-02 10:00");
        var draft = Rfc.Propose(Given.Id(), Given.Alice, Given.Proposal(windowDays: 10), settings.DefaultWindowDays, opened).Rfc;
        var rfc = state == "draft" ? draft : OpenRfc(settings, opened, Given.Proposal(windowDays: 10));
        if (state == "withdrawn")
        {
            rfc.Withdraw(Given.Alice, "Not needed after all", opened.AddHours(1));
        }
        else if (state == "closed-early")
        {
            rfc.CloseEarly(Given.Bob, "Everyone agreed in the meeting", opened.AddHours(1));
        }

        // Act
        var reminders = ResponsePolicy.ReviewerReminders(rfc, settings, Local("Europe/Paris", "2026-03-04 09:00"));

        // Assert
        Assert.IsEmpty(reminders);
    }

    [TestMethod]
    [DataRow("2026-03-02 10:00", "2026-03-03 09:59", null, DisplayName = "Window still open: none")]
    [DataRow("2026-03-02 10:00", "2026-03-04 09:59", null, DisplayName = "Within the routine norm after the close: none")]
    [DataRow("2026-03-02 10:00", "2026-03-04 10:00", 0, DisplayName = "Routine norm after the close: first reminder")]
    [DataRow("2026-03-02 10:00", "2026-03-05 09:59", 0, DisplayName = "Same working day: still the first")]
    [DataRow("2026-03-02 10:00", "2026-03-05 10:00", 1, DisplayName = "Next working day: second")]
    [DataRow("2026-03-02 10:00", "2026-03-06 10:00", 2, DisplayName = "Working day after: third")]
    [DataRow("2026-03-02 10:00", "2026-03-20 10:00", 2, DisplayName = "Weeks later: never a fourth")]
    [DataRow("2026-03-05 10:00", "2026-03-09 09:59", null, DisplayName = "Closed Friday: the weekend does not count")]
    [DataRow("2026-03-05 10:00", "2026-03-09 10:00", 0, DisplayName = "Closed Friday: first reminder Monday")]
    [DataRow("2026-03-05 10:00", "2026-03-10 10:00", 1, DisplayName = "Closed Friday: second Tuesday")]
    public void DeciderReminder_AfterTheWindowCloses_OnePerWorkingDayAtMostThree(string opened, string now, int? ordinal)
    {
        // Arrange: a one-working-day window in a Paris team.
        var settings = Paris();
        var rfc = OpenRfc(settings, Local("Europe/Paris", opened), Given.Proposal(windowDays: 1));

        // Act
        var reminder = ResponsePolicy.DeciderReminder(rfc, settings, Local("Europe/Paris", now));

        // Assert
        Assert.AreEqual(ordinal, reminder?.Ordinal);
        if (reminder is not null)
        {
            Assert.AreEqual($"remind:19:eng@thread.tacv2:RFC-0001:BOB-ID:decide{ordinal}", reminder.Id);
            Assert.AreEqual(Given.Bob, reminder.Person);
            Assert.AreEqual(ReminderReason.DecisionDue, reminder.Reason);
        }
    }

    [TestMethod]
    [DataRow(DecisionOutcome.Accepted)]
    [DataRow(DecisionOutcome.Rejected)]
    [DataRow(DecisionOutcome.Deferred)]
    [DataRow(DecisionOutcome.Withdrawn)]
    public void DeciderReminder_Resolved_None(DecisionOutcome outcome)
    {
        // Arrange
        var settings = Paris();
        var rfc = OpenRfc(settings, Local("Europe/Paris", "2026-03-02 10:00"), Given.Proposal(windowDays: 1));
        rfc.Resolve(Given.Bob, Given.Outcome(outcome), new DecisionNumber(1), Local("Europe/Paris", "2026-03-03 12:00"));

        // Act
        var decider = ResponsePolicy.DeciderReminder(rfc, settings, Local("Europe/Paris", "2026-03-05 12:00"));
        var reviewers = ResponsePolicy.ReviewerReminders(rfc, settings, Local("Europe/Paris", "2026-03-05 12:00"));

        // Assert
        Assert.IsNull(decider);
        Assert.IsEmpty(reviewers);
    }

    [TestMethod]
    public void DeciderReminder_AuthorWithdrewAfterTheClose_None()
    {
        // Arrange
        var settings = Paris();
        var rfc = OpenRfc(settings, Local("Europe/Paris", "2026-03-02 10:00"), Given.Proposal(windowDays: 1));
        rfc.Withdraw(Given.Alice, "Superseded by a vendor decision", Local("Europe/Paris", "2026-03-03 12:00"));

        // Act
        var reminder = ResponsePolicy.DeciderReminder(rfc, settings, Local("Europe/Paris", "2026-03-05 12:00"));

        // Assert
        Assert.IsNull(reminder);
    }

    [TestMethod]
    public void ReviewerDueAt_OpenDesignReview_DueAfterTheNormCappedByTheWindow()
    {
        // Arrange
        var settings = Paris();
        var rfc = OpenRfc(settings, Local("Europe/Paris", "2026-03-06 16:00"), Given.Proposal(windowDays: 10));
        var draft = Rfc.Propose(Given.Id(2), Given.Alice, Given.Proposal(), settings.DefaultWindowDays, Local("Europe/Paris", "2026-03-06 16:00")).Rfc;

        // Act
        var due = ResponsePolicy.ReviewerDueAt(rfc, settings);
        var draftDue = ResponsePolicy.ReviewerDueAt(draft, settings);

        // Assert
        Assert.AreEqual(Local("Europe/Paris", "2026-03-10 16:00"), due);
        Assert.IsNull(draftDue);
    }

    private static TeamSettings Paris() => TeamSettings.DefaultsFor(Given.Team, "Europe/Paris");

    private static Rfc OpenRfc(TeamSettings settings, DateTimeOffset at, RfcProposal proposal)
    {
        var rfc = Rfc.Propose(Given.Id(), Given.Alice, proposal, settings.DefaultWindowDays, at).Rfc;
        rfc.Open(Given.Alice, at, settings.ToWorkingTime());
        return rfc;
    }

    private static WorkingTime Calendar(string zone, string days) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(zone), days == EveryDay ? WeekDaysExtensions.All : WeekDaysExtensions.MondayToFriday, new TimeOnly(8, 0), new TimeOnly(18, 0));

    /// <summary>A wall-clock time in a zone (never an ambiguous one in these tests).</summary>
    internal static DateTimeOffset Local(string zone, string local)
    {
        var time = DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new DateTimeOffset(time, TimeZoneInfo.FindSystemTimeZoneById(zone).GetUtcOffset(time));
    }
}
