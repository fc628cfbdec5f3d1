using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Teams;

/// <summary>How a team runs its process: window length, response norms, where decisions are published and posted.</summary>
public sealed record TeamSettings(
    TeamId Team,
    int DefaultWindowDays = RfcLimits.DefaultWindowDays,
    int RoutineResponseHours = TeamSettings.DefaultRoutineResponseHours,
    int DesignReviewResponseHours = TeamSettings.DefaultDesignReviewResponseHours,
    string? SharePointSite = null,
    string? DefaultChannelId = null)
{
    public const int DefaultRoutineResponseHours = 24;
    public const int DefaultDesignReviewResponseHours = 48;
    public const int ResponseHoursMax = 24 * 14;

    public static TeamSettings DefaultsFor(TeamId team) => new(team);

    /// <summary>Refuses settings the process cannot run with, naming the field.</summary>
    public TeamSettings Validated()
    {
        if (DefaultWindowDays is < RfcLimits.WindowDaysMin or > RfcLimits.WindowDaysMax)
        {
            throw new DomainRuleException(Rules.SettingsWindowDaysOutOfRange, $"The default comment window is {RfcLimits.WindowDaysMin} to {RfcLimits.WindowDaysMax} days.", nameof(DefaultWindowDays));
        }

        if (RoutineResponseHours is < 1 or > ResponseHoursMax)
        {
            throw new DomainRuleException(Rules.SettingsResponseHoursOutOfRange, $"The routine response norm is 1 to {ResponseHoursMax} hours.", nameof(RoutineResponseHours));
        }

        if (DesignReviewResponseHours is < 1 or > ResponseHoursMax)
        {
            throw new DomainRuleException(Rules.SettingsResponseHoursOutOfRange, $"The design-review response norm is 1 to {ResponseHoursMax} hours.", nameof(DesignReviewResponseHours));
        }

        if (SharePointSite is { Length: > 0 } site && !IsHttpsUrl(site) && !IsGraphSiteId(site))
        {
            throw new DomainRuleException(Rules.SettingsSharePointSite, "The SharePoint site is a site URL (https://contoso.sharepoint.com/sites/eng) or a Graph site id.", nameof(SharePointSite));
        }

        return this;
    }

    private static bool IsHttpsUrl(string site) =>
        Uri.TryCreate(site, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host);

    /// <summary>A Graph site id is "{hostname},{site-collection-guid},{web-guid}".</summary>
    private static bool IsGraphSiteId(string site) =>
        site.Split(',') is [{ Length: > 0 } host, var collection, var web] && !host.Contains('/', StringComparison.Ordinal) && Guid.TryParse(collection, out _) && Guid.TryParse(web, out _);
}
