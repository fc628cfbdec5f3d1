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
}
