using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Teams;

/// <summary>
/// How a team runs its process: window length (in working days), response norms, its calendar (time zone, working
/// days and hours), when reminders go out, where decisions are published and posted. Fields added after the first
/// release are init properties, so rows saved before them read with their defaults.
/// </summary>
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
    public const string DefaultTimeZone = "UTC";
    public const WeekDays DefaultWorkingDays = WeekDaysExtensions.MondayToFriday;
    public const int DefaultReminderPercent = 75;
    public const int ReminderPercentMin = 10;
    public const int ReminderPercentMax = 100;

    /// <summary>The team's time zone, an IANA id ("Europe/Paris").</summary>
    public string TimeZone { get; init; } = DefaultTimeZone;

    public WeekDays WorkingDays { get; init; } = DefaultWorkingDays;

    /// <summary>Local time the working day starts, 08:00 by default.</summary>
    public TimeOnly WorkdayStart { get; init; } = new(8, 0);

    /// <summary>Local time the working day ends, 18:00 by default.</summary>
    public TimeOnly WorkdayEnd { get; init; } = new(18, 0);

    /// <summary>How far into the response norm a reviewer who has not responded is reminded, in percent.</summary>
    public int ReminderPercent { get; init; } = DefaultReminderPercent;

    public static TeamSettings DefaultsFor(TeamId team) => new(team);

    /// <summary>
    /// The defaults for a team being installed: its time zone is the installing activity's <c>localTimezone</c> when
    /// Teams sent a known IANA id, else UTC.
    /// </summary>
    public static TeamSettings DefaultsFor(TeamId team, string? localTimezone) =>
        new(team) { TimeZone = localTimezone is { } zone && TryFindIanaZone(zone, out var found) ? found.Id : DefaultTimeZone };

    /// <summary>The response norm for an RFC of <paramref name="kind"/>.</summary>
    public TimeSpan ResponseNorm(RfcKind kind) =>
        TimeSpan.FromHours(kind == RfcKind.Routine ? RoutineResponseHours : DesignReviewResponseHours);

    /// <summary>The team's calendar. Call on validated settings: an unknown zone throws.</summary>
    public WorkingTime ToWorkingTime() =>
        new(TryFindIanaZone(TimeZone, out var zone) ? zone : throw new InvalidOperationException($"Unknown time zone \"{TimeZone}\"."), WorkingDays, WorkdayStart, WorkdayEnd);

    /// <summary>The names of the fields whose values differ from <paramref name="before"/> (all of them when there was none).</summary>
    public IReadOnlyList<string> ChangedFrom(TeamSettings? before)
    {
        (string Name, bool Same)[] fields = before is null ? [] :
        [
            (nameof(DefaultWindowDays), DefaultWindowDays == before.DefaultWindowDays),
            (nameof(RoutineResponseHours), RoutineResponseHours == before.RoutineResponseHours),
            (nameof(DesignReviewResponseHours), DesignReviewResponseHours == before.DesignReviewResponseHours),
            (nameof(SharePointSite), string.Equals(SharePointSite ?? string.Empty, before.SharePointSite ?? string.Empty, StringComparison.Ordinal)),
            (nameof(DefaultChannelId), string.Equals(DefaultChannelId ?? string.Empty, before.DefaultChannelId ?? string.Empty, StringComparison.Ordinal)),
            (nameof(TimeZone), string.Equals(TimeZone, before.TimeZone, StringComparison.Ordinal)),
            (nameof(WorkingDays), WorkingDays == before.WorkingDays),
            (nameof(WorkdayStart), WorkdayStart == before.WorkdayStart),
            (nameof(WorkdayEnd), WorkdayEnd == before.WorkdayEnd),
            (nameof(ReminderPercent), ReminderPercent == before.ReminderPercent),
        ];
        return before is null ? AllFields : [.. fields.Where(f => !f.Same).Select(f => f.Name)];
    }

    private static readonly string[] AllFields =
    [
        nameof(DefaultWindowDays), nameof(RoutineResponseHours), nameof(DesignReviewResponseHours), nameof(SharePointSite), nameof(DefaultChannelId),
        nameof(TimeZone), nameof(WorkingDays), nameof(WorkdayStart), nameof(WorkdayEnd), nameof(ReminderPercent),
    ];

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

        if (!TryFindIanaZone(TimeZone, out _))
        {
            throw new DomainRuleException(Rules.SettingsTimeZone, "The time zone is an IANA id such as Europe/Paris, America/New_York or UTC.", nameof(TimeZone));
        }

        if ((WorkingDays & WeekDaysExtensions.All) == WeekDays.None || (WorkingDays & ~WeekDaysExtensions.All) != WeekDays.None)
        {
            throw new DomainRuleException(Rules.SettingsWorkingDays, "Choose at least one working day.", nameof(WorkingDays));
        }

        if (WorkdayStart >= WorkdayEnd)
        {
            throw new DomainRuleException(Rules.SettingsWorkingHours, "The working day starts before it ends, on the same day (e.g. 08:00 to 18:00).", nameof(WorkdayEnd));
        }

        if (ReminderPercent is < ReminderPercentMin or > ReminderPercentMax)
        {
            throw new DomainRuleException(Rules.SettingsReminderPercent, $"Reminders go out {ReminderPercentMin}% to {ReminderPercentMax}% of the way into the response norm.", nameof(ReminderPercent));
        }

        return this;
    }

    /// <summary>Finds a zone by IANA id only (Windows ids are refused so that what is stored means the same everywhere).</summary>
    public static bool TryFindIanaZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return false;
        }

        if (string.Equals(id, DefaultTimeZone, StringComparison.Ordinal))
        {
            return true;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) && found.HasIanaId && (zone = found) is not null;
    }

    private static bool IsHttpsUrl(string site) =>
        Uri.TryCreate(site, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host);

    /// <summary>A Graph site id is "{hostname},{site-collection-guid},{web-guid}".</summary>
    private static bool IsGraphSiteId(string site) =>
        site.Split(',') is [{ Length: > 0 } host, var collection, var web] && !host.Contains('/', StringComparison.Ordinal) && Guid.TryParse(collection, out _) && Guid.TryParse(web, out _);
}
