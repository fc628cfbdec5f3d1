using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class TeamSettingsTests
{
    [TestMethod]
    public void DefaultsFor_NewTeam_FiveDaysAnd24And48Hours()
    {
        // Act
        var settings = TeamSettings.DefaultsFor(Given.Team);

        // Assert
        Assert.AreEqual(Given.Team, settings.Team);
        Assert.AreEqual(5, settings.DefaultWindowDays);
        Assert.AreEqual(24, settings.RoutineResponseHours);
        Assert.AreEqual(48, settings.DesignReviewResponseHours);
        Assert.IsNull(settings.SharePointSite);
        Assert.IsNull(settings.DefaultChannelId);
    }

    [TestMethod]
    public void Validated_Defaults_ReturnsSameSettings()
    {
        // Arrange
        var settings = TeamSettings.DefaultsFor(Given.Team);

        // Act
        var validated = settings.Validated();

        // Assert
        Assert.AreSame(settings, validated);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(31)]
    public void Validated_WindowDaysOutOfRange_RefusedNamingField(int days)
    {
        // Arrange
        var settings = TeamSettings.DefaultsFor(Given.Team) with { DefaultWindowDays = days };

        // Act
        var refusal = Assert.ThrowsExactly<DomainRuleException>(() => settings.Validated());

        // Assert
        Assert.AreEqual("Settings.WindowDaysOutOfRange", refusal.Rule);
        Assert.AreEqual(nameof(TeamSettings.DefaultWindowDays), refusal.Field);
    }

    [TestMethod]
    [DataRow(0, 48, nameof(TeamSettings.RoutineResponseHours))]
    [DataRow(TeamSettings.ResponseHoursMax + 1, 48, nameof(TeamSettings.RoutineResponseHours))]
    [DataRow(24, 0, nameof(TeamSettings.DesignReviewResponseHours))]
    [DataRow(24, TeamSettings.ResponseHoursMax + 1, nameof(TeamSettings.DesignReviewResponseHours))]
    public void Validated_ResponseHoursOutOfRange_RefusedNamingField(int routine, int designReview, string field)
    {
        // Arrange
        var settings = TeamSettings.DefaultsFor(Given.Team) with { RoutineResponseHours = routine, DesignReviewResponseHours = designReview };

        // Act
        var refusal = Assert.ThrowsExactly<DomainRuleException>(() => settings.Validated());

        // Assert
        Assert.AreEqual("Settings.ResponseHoursOutOfRange", refusal.Rule);
        Assert.AreEqual(field, refusal.Field);
    }

    [TestMethod]
    [DataRow(1, 1, 1)]
    [DataRow(30, TeamSettings.ResponseHoursMax, TeamSettings.ResponseHoursMax)]
    public void Validated_ValuesAtBounds_Accepted(int days, int routine, int designReview)
    {
        // Arrange
        var settings = new TeamSettings(Given.Team, days, routine, designReview);

        // Act / Assert
        Assert.AreSame(settings, settings.Validated());
    }

    [TestMethod]
    [DataRow("https://contoso.sharepoint.com/sites/eng")]
    [DataRow("contoso.sharepoint.com,2c1b0f4a-1111-2222-3333-444455556666,7d2e1f5b-aaaa-bbbb-cccc-ddddeeeeffff")]
    public void Validated_SharePointSiteUrlOrGraphId_Accepted(string site)
    {
        // Arrange
        var settings = TeamSettings.DefaultsFor(Given.Team) with { SharePointSite = site };

        // Act / Assert
        Assert.AreSame(settings, settings.Validated());
    }

    [TestMethod]
    [DataRow("engineering site")]
    [DataRow("ftp://contoso.sharepoint.com/sites/eng")]
    [DataRow("/sites/eng")]
    public void Validated_SharePointSiteNeitherHttpsUrlNorGraphId_Refused(string site)
    {
        // Arrange
        var settings = TeamSettings.DefaultsFor(Given.Team) with { SharePointSite = site };

        // Act
        var refusal = Assert.ThrowsExactly<DomainRuleException>(() => settings.Validated());

        // Assert
        Assert.AreEqual("Settings.SharePointSite", refusal.Rule);
        Assert.AreEqual(nameof(TeamSettings.SharePointSite), refusal.Field);
    }

    [TestMethod]
    [DataRow("Europe/Paris", "Europe/Paris", DisplayName = "An IANA id Teams sent is kept")]
    [DataRow("Asia/Kolkata", "Asia/Kolkata", DisplayName = "A half-hour zone is kept")]
    [DataRow(null, "UTC", DisplayName = "No localTimezone: UTC")]
    [DataRow("", "UTC", DisplayName = "Empty: UTC")]
    [DataRow("Mars/Olympus_Mons", "UTC", DisplayName = "Unknown: UTC")]
    [DataRow("Romance Standard Time", "UTC", DisplayName = "A Windows id is not IANA: UTC")]
    public void DefaultsFor_InstallingActivitysLocalTimezone_ZoneOrUtc(string? localTimezone, string expected)
    {
        // Act
        var settings = TeamSettings.DefaultsFor(Given.Team, localTimezone);

        // Assert
        Assert.AreEqual(expected, settings.TimeZone);
        Assert.AreSame(settings, settings.Validated());
    }

    [TestMethod]
    public void DefaultsFor_NewTeam_MondayToFridayEightToSixRemindAtSeventyFivePercent()
    {
        // Act
        var settings = TeamSettings.DefaultsFor(Given.Team);

        // Assert
        Assert.AreEqual("UTC", settings.TimeZone);
        Assert.AreEqual(WeekDays.Monday | WeekDays.Tuesday | WeekDays.Wednesday | WeekDays.Thursday | WeekDays.Friday, settings.WorkingDays);
        Assert.AreEqual(new TimeOnly(8, 0), settings.WorkdayStart);
        Assert.AreEqual(new TimeOnly(18, 0), settings.WorkdayEnd);
        Assert.AreEqual(75, settings.ReminderPercent);
        Assert.AreEqual(TimeSpan.FromHours(48), settings.ResponseNorm(RfcKind.DesignReview));
        Assert.AreEqual(TimeSpan.FromHours(24), settings.ResponseNorm(RfcKind.Routine));
    }

    [TestMethod]
    [DataRow("timezone", "Settings.TimeZone", nameof(TeamSettings.TimeZone))]
    [DataRow("windows-timezone", "Settings.TimeZone", nameof(TeamSettings.TimeZone))]
    [DataRow("no-days", "Settings.WorkingDays", nameof(TeamSettings.WorkingDays))]
    [DataRow("unknown-day", "Settings.WorkingDays", nameof(TeamSettings.WorkingDays))]
    [DataRow("hours-reversed", "Settings.WorkingHours", nameof(TeamSettings.WorkdayEnd))]
    [DataRow("hours-empty", "Settings.WorkingHours", nameof(TeamSettings.WorkdayEnd))]
    [DataRow("reminder-low", "Settings.ReminderPercent", nameof(TeamSettings.ReminderPercent))]
    [DataRow("reminder-high", "Settings.ReminderPercent", nameof(TeamSettings.ReminderPercent))]
    public void Validated_CalendarOrReminderOutOfRange_RefusedNamingTheField(string problem, string rule, string field)
    {
        // Arrange
        var defaults = TeamSettings.DefaultsFor(Given.Team);
        var settings = problem switch
        {
            "timezone" => defaults with { TimeZone = "Europe/Atlantis" },
            "windows-timezone" => defaults with { TimeZone = "Romance Standard Time" },
            "no-days" => defaults with { WorkingDays = WeekDays.None },
            "unknown-day" => defaults with { WorkingDays = WeekDays.Monday | (WeekDays)128 },
            "hours-reversed" => defaults with { WorkdayStart = new TimeOnly(18, 0), WorkdayEnd = new TimeOnly(8, 0) },
            "hours-empty" => defaults with { WorkdayStart = new TimeOnly(9, 0), WorkdayEnd = new TimeOnly(9, 0) },
            "reminder-low" => defaults with { ReminderPercent = TeamSettings.ReminderPercentMin - 1 },
            _ => defaults with { ReminderPercent = TeamSettings.ReminderPercentMax + 1 },
        };

        // Act
        var refusal = Assert.ThrowsExactly<DomainRuleException>(() => settings.Validated());

        // Assert
        Assert.AreEqual(rule, refusal.Rule);
        Assert.AreEqual(field, refusal.Field);
    }

    [TestMethod]
    public void ChangedFrom_TwoFieldsChanged_NamesExactlyThose()
    {
        // Arrange
        var before = TeamSettings.DefaultsFor(Given.Team);
        var after = before with { TimeZone = "Asia/Singapore", WorkingDays = WeekDaysExtensions.All };

        // Act
        var changed = after.ChangedFrom(before);
        var first = after.ChangedFrom(null);
        var none = after.ChangedFrom(after with { });

        // Assert
        CollectionAssert.AreEqual(new[] { nameof(TeamSettings.TimeZone), nameof(TeamSettings.WorkingDays) }, changed.ToArray());
        Assert.HasCount(10, first);
        Assert.IsEmpty(none);
    }

    [TestMethod]
    public void ToWorkingTime_ParisTeam_CalendarInParis()
    {
        // Arrange
        var settings = TeamSettings.DefaultsFor(Given.Team, "Europe/Paris") with { WorkdayStart = new TimeOnly(9, 0) };

        // Act
        var calendar = settings.ToWorkingTime();

        // Assert
        Assert.AreEqual("Europe/Paris", calendar.Zone.Id);
        Assert.AreEqual(WeekDaysExtensions.MondayToFriday, calendar.Days);
        Assert.AreEqual(new TimeOnly(9, 0), calendar.Start);
    }
}
