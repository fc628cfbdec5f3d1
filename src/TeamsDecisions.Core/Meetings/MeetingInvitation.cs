using System.Globalization;

namespace TeamsDecisions.Core.Meetings;

/// <summary>How a series repeats, as Outlook's meeting form describes it (Office.js <c>RecurrenceType</c>).</summary>
public enum RecurrenceKind
{
    Daily,
    Weekday,
    Weekly,
    Monthly,
    Yearly,
}

/// <summary>A series' pattern: every <see cref="Interval"/> days, weeks, months or years; weekly on <see cref="Days"/> (the start's day when empty).</summary>
public sealed record MeetingRecurrence(RecurrenceKind Kind, int Interval, IReadOnlyList<DayOfWeek> Days)
{
    /// <summary>The pattern as an adjective: "weekly", "fortnightly", "daily", "monthly"; "recurring" for the rest.</summary>
    public string Describe() => (Kind, Interval) switch
    {
        (RecurrenceKind.Daily, 1) => "daily",
        (RecurrenceKind.Weekday, _) => "daily",
        (RecurrenceKind.Weekly, 1) => "weekly",
        (RecurrenceKind.Weekly, 2) => "fortnightly",
        (RecurrenceKind.Monthly, 1) => "monthly",
        (RecurrenceKind.Yearly, 1) => "yearly",
        _ => "recurring",
    };
}

/// <summary>
/// A meeting as its organiser is about to send it from Outlook: the first occurrence, the zone its times are written in
/// (a series repeats at the same local time there, across DST), the people invited (organiser included when known) and
/// the pattern, if any.
/// </summary>
public sealed record MeetingInvitation(
    string Subject,
    DateTimeOffset Start,
    DateTimeOffset End,
    TimeZoneInfo Zone,
    IReadOnlyList<MeetingAttendee> Attendees,
    MeetingRecurrence? Recurrence)
{
    public bool IsRecurring => Recurrence is not null;
}

/// <summary>
/// The send-time check of an Outlook invitation: its cost (person-hours a month, who it lands outside working hours for,
/// priced by <see cref="MeetingCosts"/>), whether to ask the seed's question before it goes out, and the question with
/// the facts. Pure.
/// </summary>
public static class SendTimeCheck
{
    /// <summary>Below this a one-off meeting goes out unasked: the same threshold as the calendar prompts.</summary>
    public const double MinimumPersonHours = 8;

    /// <summary>
    /// Outlook shows a Smart Alert's message in a dialog and refuses messages over 500 characters; the question has no
    /// user text in it, so it stays well under.
    /// </summary>
    public const int AlertMessageMax = 500;

    /// <summary>What the meeting costs: its occurrences over about a month, priced per 30 days.</summary>
    public static MeetingCost Price(MeetingInvitation invitation)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var window = WindowDays(invitation.Recurrence);
        var series = new RecurringSeries("outlook", invitation.Subject, string.Empty, invitation.Attendees, Occurrences(invitation, window), invitation.Recurrence?.Describe());
        return MeetingCosts.Price(series, window);
    }

    /// <summary>Ask before sending: a series, or a meeting costing at least <see cref="MinimumPersonHours"/> person-hours a month.</summary>
    public static bool ShouldAsk(MeetingInvitation invitation, MeetingCost cost)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(cost);
        return invitation.IsRecurring || cost.PersonHoursPerMonth >= MinimumPersonHours;
    }

    /// <summary>"This weekly meeting costs 30 person-hours a month and lands at 22:00 for 3 people in Singapore. Would a written async thread achieve the same outcome?"</summary>
    public static string Question(MeetingInvitation invitation, MeetingCost cost) =>
        $"{Facts(invitation, cost)} Would a written async thread achieve the same outcome?";

    /// <summary>"This weekly meeting costs 30 person-hours a month and lands at 22:00 for 3 people in Singapore."</summary>
    public static string Facts(MeetingInvitation invitation, MeetingCost cost)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(cost);
        var what = invitation.Recurrence is { } r ? $"This {r.Describe()} meeting" : "This meeting";
        var price = string.Create(CultureInfo.InvariantCulture, $"{cost.PersonHoursPerMonth:0.#} person-{(cost.PersonHoursPerMonth == 1 ? "hour" : "hours")}{(invitation.IsRecurring ? " a month" : string.Empty)}");
        var burden = MeetingCosts.Burden(cost) is { } b ? $" and {b}" : string.Empty;
        return $"{what} costs {price}{burden}.";
    }

    /// <summary>The occurrences from the first one on, for <paramref name="windowDays"/> days, at the same local time in the invitation's zone.</summary>
    public static IReadOnlyList<MeetingOccurrence> Occurrences(MeetingInvitation invitation, int windowDays)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentOutOfRangeException.ThrowIfLessThan(invitation.Recurrence?.Interval ?? 1, 1);
        var duration = invitation.End - invitation.Start;
        var first = TimeZoneInfo.ConvertTime(invitation.Start, invitation.Zone).DateTime;
        if (invitation.Recurrence is not { } pattern)
        {
            return [new MeetingOccurrence(invitation.Start, invitation.End)];
        }

        var weekOfFirst = first.Date.AddDays(-(int)first.DayOfWeek);
        var days = pattern.Days.Count > 0 ? pattern.Days : [first.DayOfWeek];
        var occurrences = new List<MeetingOccurrence>();
        for (var d = 0; d < windowDays; d++)
        {
            var date = first.Date.AddDays(d);
            var repeats = pattern.Kind switch
            {
                RecurrenceKind.Daily => d % pattern.Interval == 0,
                RecurrenceKind.Weekday => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday),
                RecurrenceKind.Weekly => days.Contains(date.DayOfWeek) && (date - weekOfFirst).Days / 7 % pattern.Interval == 0,
                _ => d == 0,
            };
            if (repeats)
            {
                var start = ToUtc(date + first.TimeOfDay, invitation.Zone);
                occurrences.Add(new MeetingOccurrence(start, start + duration));
            }
        }

        return occurrences;
    }

    /// <summary>Days that hold a whole number of periods: four of the pattern's weeks, one of its months or years; a month for a one-off.</summary>
    private static int WindowDays(MeetingRecurrence? pattern) => pattern?.Kind switch
    {
        null => 30,
        RecurrenceKind.Monthly => 30 * pattern.Interval,
        RecurrenceKind.Yearly => 365 * pattern.Interval,
        _ => 28 * pattern.Interval,
    };

    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        // A local time skipped by a DST change (02:30 on the spring-forward day) happens an hour later.
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }
}
