using System.Globalization;

namespace TeamsDecisions.Core.Meetings;

/// <summary>One occurrence of a recurring meeting, in UTC.</summary>
public sealed record MeetingOccurrence(DateTimeOffset Start, DateTimeOffset End);

/// <summary>An attendee whose mailbox time zone is known (IANA or Windows id, as Graph returns it).</summary>
public sealed record MeetingAttendee(string Email, string? TimeZone);

/// <summary>A recurring series as read from the organiser's calendar for the look-ahead window.</summary>
public sealed record RecurringSeries(
    string SeriesId,
    string Subject,
    string OrganiserId,
    IReadOnlyList<MeetingAttendee> Attendees,
    IReadOnlyList<MeetingOccurrence> Occurrences,
    string? Recurrence);

/// <summary>Where a series lands outside someone's working day.</summary>
public sealed record TimeZoneBurden(string TimeZone, int People, TimeOnly LatestLocalStart, TimeOnly EarliestLocalStart);

/// <summary>What a recurring meeting costs the people in it.</summary>
public sealed record MeetingCost(RecurringSeries Series, MeetingPurpose LikelyPurpose, double PersonHoursPerMonth, int People, int TimeZones, IReadOnlyList<TimeZoneBurden> OutsideWorkingHours)
{
    public int PeopleOutsideWorkingHours => OutsideWorkingHours.Sum(b => b.People);
}

/// <summary>
/// Prices recurring meetings: hours per month × people, and the time-zone burden — occurrences that start or end
/// outside 08:00–18:00 in an attendee's own mailbox time zone. Pure.
/// </summary>
public static class MeetingCosts
{
    public static readonly TimeOnly WorkdayStart = new(8, 0);
    public static readonly TimeOnly WorkdayEnd = new(18, 0);

    /// <param name="series">The series and its occurrences in the window.</param>
    /// <param name="windowDays">How many days the occurrences cover (the look-ahead, 28 by default); scaled to a 30-day month.</param>
    public static MeetingCost Price(RecurringSeries series, int windowDays = 28)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowDays, 1);
        var people = series.Attendees.Select(a => a.Email.ToUpperInvariant()).Distinct().Count();
        var hours = series.Occurrences.Sum(o => (o.End - o.Start).TotalHours) * 30.0 / windowDays;
        var burdens = new List<TimeZoneBurden>();
        // Graph gives Windows ids ("Singapore Standard Time") or IANA ones ("Asia/Singapore"): group by the IANA id.
        foreach (var zone in series.Attendees.Where(a => a.TimeZone is not null && Find(a.TimeZone) is not null).GroupBy(a => Canonical(a.TimeZone!), StringComparer.OrdinalIgnoreCase))
        {
            var tz = Find(zone.Key)!;

            var starts = series.Occurrences.Select(o => (Start: TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(o.Start, tz).DateTime), End: TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(o.End, tz).DateTime))).ToList();
            var outside = starts.Where(s => s.Start < WorkdayStart || s.Start >= WorkdayEnd || s.End > WorkdayEnd || s.End < s.Start).ToList();
            if (outside.Count > 0)
            {
                burdens.Add(new TimeZoneBurden(zone.Key, zone.Select(a => a.Email.ToUpperInvariant()).Distinct().Count(), outside.Max(s => s.Start), outside.Min(s => s.Start)));
            }
        }

        var zones = series.Attendees.Where(a => a.TimeZone is not null && Find(a.TimeZone) is not null).Select(a => Canonical(a.TimeZone!)).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        return new MeetingCost(series, MeetingClassifier.Guess(series.Subject), Math.Round(hours * people, 1), people, Math.Max(1, zones), burdens);
    }

    /// <summary>"lands at 22:00 for 3 people in Singapore" — the worst time-zone burden in words, or null.</summary>
    public static string? Burden(MeetingCost cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var worst = cost.OutsideWorkingHours.OrderByDescending(b => Lateness(b.LatestLocalStart)).ThenByDescending(b => b.People).FirstOrDefault();
        if (worst is null)
        {
            return null;
        }

        var time = Lateness(worst.LatestLocalStart) > 0 ? worst.LatestLocalStart : worst.EarliestLocalStart;
        return string.Create(CultureInfo.InvariantCulture, $"lands at {time:HH\\:mm} for {worst.People} {(worst.People == 1 ? "person" : "people")} in {Place(worst.TimeZone)}");
    }

    /// <summary>"Asia/Singapore" → "Singapore"; "Singapore Standard Time" → "Singapore".</summary>
    public static string Place(string timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var iana = TimeZoneInfo.TryConvertWindowsIdToIanaId(timeZone, out var converted) ? converted : timeZone;
        var city = iana.Contains('/', StringComparison.Ordinal) ? iana[(iana.LastIndexOf('/') + 1)..] : iana;
        return city.Replace('_', ' ');
    }

    private static string Canonical(string timeZone) =>
        TimeZoneInfo.TryConvertWindowsIdToIanaId(timeZone, out var iana) ? iana : timeZone;

    private static int Lateness(TimeOnly start) => start >= WorkdayEnd ? (int)(start - WorkdayEnd).TotalMinutes + 1 : 0;

    private static TimeZoneInfo? Find(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}

/// <summary>A first guess at a meeting's purpose from its subject; the organiser confirms it in the test.</summary>
public static class MeetingClassifier
{
    private static readonly (MeetingPurpose Purpose, string[] Words)[] Rules =
    [
        (MeetingPurpose.ProductionIncident, ["incident", "outage", "war room", "postmortem", "post-mortem"]),
        (MeetingPurpose.Onboarding, ["onboarding", "welcome", "induction"]),
        (MeetingPurpose.EarlyBrainstorming, ["brainstorm", "ideation", "workshop", "whiteboard", "exploration"]),
        (MeetingPurpose.TeamCohesion, ["social", "coffee", "lunch", "offsite", "retro", "retrospective", "demo day", "celebration"]),
        (MeetingPurpose.HighStakesInterpersonal, ["1:1", "1-1", "one on one", "performance", "feedback"]),
        (MeetingPurpose.Decision, ["decision", "review", "architecture", "design", "rfc", "approval", "planning"]),
        (MeetingPurpose.StatusUpdate, ["status", "standup", "stand-up", "sync", "check-in", "weekly", "update"]),
        (MeetingPurpose.InformationSharing, ["all hands", "all-hands", "town hall", "briefing", "presentation", "demo"]),
    ];

    public static MeetingPurpose Guess(string subject)
    {
        var text = (subject ?? string.Empty).ToLowerInvariant();
        return Rules.FirstOrDefault(r => r.Words.Any(w => text.Contains(w, StringComparison.Ordinal))) is { Words: not null } rule
            ? rule.Purpose
            : MeetingPurpose.InformationSharing;
    }
}

/// <summary>Whether to prompt an organiser about a series: at most once per series per quarter, never after "never".</summary>
public sealed record MeetingPromptState(string SeriesId, string? LastPromptedQuarter, bool Never)
{
    public static string Quarter(DateTimeOffset at) => string.Create(CultureInfo.InvariantCulture, $"{at.UtcDateTime.Year}-Q{((at.UtcDateTime.Month - 1) / 3) + 1}");

    public bool ShouldPrompt(DateTimeOffset now) => !Never && LastPromptedQuarter != Quarter(now);
}
