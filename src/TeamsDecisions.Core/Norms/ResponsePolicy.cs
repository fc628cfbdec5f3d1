using System.Globalization;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.Core.Norms;

/// <summary>
/// The response norms as pure functions of an RFC, its team's settings and an explicit <c>now</c>.
/// <para>
/// Hours are counted on the team's local wall clock, whole days, with non-working days not counted: a 48 h design
/// review opened Friday 16:00 in Paris is due Tuesday 16:00. Working hours do not shorten the count; they only decide
/// when a reminder may be delivered (<see cref="DeliveryAt"/>). A clock change counts as the clock shows it (a 24 h
/// norm from 16:00 is due at 16:00 the next working day). Counting starts when the comment window opened; a
/// response is never due after the window closes.
/// </para>
/// </summary>
public static class ResponsePolicy
{
    /// <summary>The decider is reminded at most this many times per RFC.</summary>
    public const int DeciderRemindersMax = 3;

    /// <summary>When a response norm counted from <paramref name="from"/> runs out, but never after <paramref name="closesAt"/>.</summary>
    public static DateTimeOffset DueAt(WorkingTime calendar, DateTimeOffset from, TimeSpan norm, DateTimeOffset? closesAt = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.AddCountedTime(from, EffectiveNorm(calendar, from, norm, closesAt));
    }

    /// <summary>
    /// The reminder point: <paramref name="percent"/> of the norm counted the same way. When the window closes before
    /// the norm runs out, it is that share of the time left until the close, so the reminder still comes first.
    /// </summary>
    public static DateTimeOffset ReminderAt(WorkingTime calendar, DateTimeOffset from, TimeSpan norm, int percent, DateTimeOffset? closesAt = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        return calendar.AddCountedTime(from, Share(EffectiveNorm(calendar, from, norm, closesAt), percent));
    }

    /// <summary>The first instant at or after <paramref name="at"/> inside the person's working hours (their own calendar when known, else the team's).</summary>
    public static DateTimeOffset DeliveryAt(WorkingTime person, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.NextWorkingInstant(at);
    }

    /// <summary>When the required reviewers' response to <paramref name="rfc"/> is due; null while it is a draft.</summary>
    public static DateTimeOffset? ReviewerDueAt(Rfc rfc, TeamSettings settings)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        ArgumentNullException.ThrowIfNull(settings);
        return rfc.Window is { } window ? DueAt(settings.ToWorkingTime(), window.OpensAt, settings.ResponseNorm(rfc.Kind), window.ClosesAt) : null;
    }

    /// <summary>When the decider's decision is due: the routine norm after the comment window closed; null while it is a draft.</summary>
    public static DateTimeOffset? DecisionDueAt(Rfc rfc, TeamSettings settings)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        ArgumentNullException.ThrowIfNull(settings);
        return rfc.Window is { } window ? settings.ToWorkingTime().AddCountedTime(window.ClosesAt, settings.ResponseNorm(RfcKind.Routine)) : null;
    }

    /// <summary>
    /// The required reviewers who have neither voted nor commented and are due a reminder at <paramref name="now"/>.
    /// Only while the comment window is open. One reminder per person per norm period: the first at the reminder
    /// point, then one at the same point of each later period while the window stays open; only the latest period
    /// passed is returned, so a late run does not send a backlog.
    /// </summary>
    public static IReadOnlyList<ReminderDue> ReviewerReminders(Rfc rfc, TeamSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        ArgumentNullException.ThrowIfNull(settings);
        if (rfc.Window is not { } window || rfc.StateAt(now) != RfcState.Open)
        {
            return [];
        }

        var calendar = settings.ToWorkingTime();
        var norm = settings.ResponseNorm(rfc.Kind);
        var first = ReminderAt(calendar, window.OpensAt, norm, settings.ReminderPercent, window.ClosesAt);
        if (now < first)
        {
            return [];
        }

        // Period k (k ≥ 1) is reminded at k norms plus the reminder share of one norm, counted from the opening.
        var elapsed = calendar.CountedTimeBetween(window.OpensAt, now);
        var share = Share(norm, settings.ReminderPercent);
        var period = elapsed < norm + share ? 0 : (int)((elapsed - share).Ticks / norm.Ticks);
        var remindAt = period == 0 ? first : calendar.AddCountedTime(window.OpensAt, (norm * period) + share);
        if (remindAt > now)
        {
            period--;
            remindAt = period == 0 ? first : calendar.AddCountedTime(window.OpensAt, (norm * period) + share);
        }

        var respondBy = period == 0
            ? DueAt(calendar, window.OpensAt, norm, window.ClosesAt)
            : Min(calendar.AddCountedTime(window.OpensAt, norm * (period + 1)), window.ClosesAt);
        return [.. rfc.NotYetResponded.Select(reviewer => new ReminderDue(
            Id(rfc, reviewer, "respond", period), reviewer, ReminderReason.ResponseDue, period, remindAt, respondBy))];
    }

    /// <summary>
    /// The decider's reminder due at <paramref name="now"/>, if any: once the window has closed and no decision was made
    /// within the routine norm after the close, then at most one a working day, at most <see cref="DeciderRemindersMax"/>
    /// in all; only the latest one passed is returned. None unless the RFC is awaiting its decision.
    /// </summary>
    public static ReminderDue? DeciderReminder(Rfc rfc, TeamSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        ArgumentNullException.ThrowIfNull(settings);
        if (rfc.Window is not { } window || rfc.StateAt(now) != RfcState.AwaitingDecision)
        {
            return null;
        }

        var calendar = settings.ToWorkingTime();
        var first = calendar.AddCountedTime(window.ClosesAt, settings.ResponseNorm(RfcKind.Routine));
        ReminderDue? due = null;
        for (var n = 0; n < DeciderRemindersMax; n++)
        {
            var at = calendar.AddWorkingDays(first, n);
            if (at > now)
            {
                break;
            }

            due = new ReminderDue(Id(rfc, rfc.Decider, "decide", n), rfc.Decider, ReminderReason.DecisionDue, n, at, first);
        }

        return due;
    }

    private static TimeSpan EffectiveNorm(WorkingTime calendar, DateTimeOffset from, TimeSpan norm, DateTimeOffset? closesAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(norm, TimeSpan.Zero);
        if (closesAt is not { } close)
        {
            return norm;
        }

        var left = calendar.CountedTimeBetween(from, close);
        return left < norm ? left : norm;
    }

    private static TimeSpan Share(TimeSpan span, int percent) => TimeSpan.FromTicks(span.Ticks / 100 * percent);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private static string Id(Rfc rfc, UserRef person, string what, int ordinal) =>
        string.Create(CultureInfo.InvariantCulture, $"remind:{rfc.Team.Value}:{rfc.Number}:{person.Id.ToUpperInvariant()}:{what}{ordinal}");
}
