using System.Globalization;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Notifications;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class DigestPolicyTests
{
    [TestMethod]
    [DataRow("Europe/Paris", "2026-11-02T07:00Z", "2026-11-02", "2026-11-02T09:00+01:00", DisplayName = "Paris, Monday before 09:00: today")]
    [DataRow("Europe/Paris", "2026-11-02T09:30Z", "2026-11-02", "2026-11-02T09:00+01:00", DisplayName = "Paris, Monday 10:30: today's is still useful, sent now")]
    [DataRow("Europe/Paris", "2026-11-02T11:00Z", "2026-11-03", "2026-11-03T09:00+01:00", DisplayName = "Paris, Monday 12:00: too late, Tuesday")]
    [DataRow("Europe/Paris", "2026-11-06T15:00Z", "2026-11-09", "2026-11-09T09:00+01:00", DisplayName = "Paris, Friday afternoon: Monday")]
    [DataRow("Europe/Paris", "2026-03-28T12:00Z", "2026-03-30", "2026-03-30T09:00+02:00", DisplayName = "Paris, the weekend clocks change: Monday 09:00 summer time")]
    [DataRow("America/New_York", "2026-11-01T12:00Z", "2026-11-02", "2026-11-02T09:00-05:00", DisplayName = "New York, the Sunday clocks go back: Monday 09:00 standard time")]
    [DataRow("Asia/Kolkata", "2026-11-02T09:00Z", "2026-11-03", "2026-11-03T09:00+05:30", DisplayName = "Kolkata, half-hour zone: 14:30 Monday, Tuesday 09:00")]
    [DataRow("Asia/Singapore", "2026-11-01T20:00Z", "2026-11-02", "2026-11-02T09:00+08:00", DisplayName = "Singapore, Sunday 20:00 UTC is Monday 04:00 there: Monday")]
    public void Next_AtVariousTimes_NextWorkingDayAt0900Local(string zone, string now, string day, string at)
    {
        // Arrange
        var calendar = new WorkingTime(TimeZoneInfo.FindSystemTimeZoneById(zone), WeekDaysExtensions.MondayToFriday, new TimeOnly(8, 0), new TimeOnly(18, 0));

        // Act
        var next = DigestPolicy.Next(calendar, DateTimeOffset.Parse(now, CultureInfo.InvariantCulture));

        // Assert
        Assert.AreEqual(DateOnly.Parse(day, CultureInfo.InvariantCulture), next.Day);
        Assert.AreEqual(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture), next.At);
    }

    [TestMethod]
    public void Next_SundayToThursdayWeek_FridayIsNoDigestDay()
    {
        // Arrange
        var days = WeekDays.Sunday | WeekDays.Monday | WeekDays.Tuesday | WeekDays.Wednesday | WeekDays.Thursday;
        var calendar = new WorkingTime(TimeZoneInfo.FindSystemTimeZoneById("Asia/Jerusalem"), days, new TimeOnly(8, 0), new TimeOnly(17, 0));

        // Act: Thursday 5 November 2026, 15:00 local.
        var next = DigestPolicy.Next(calendar, DateTimeOffset.Parse("2026-11-05T13:00Z", CultureInfo.InvariantCulture));

        // Assert
        Assert.AreEqual(new DateOnly(2026, 11, 8), next.Day, "Sunday.");
    }
}
