using System.Globalization;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.Core.Metrics;

/// <summary>A count in one calendar period of the team's time zone: "2026-03" for a month, "2026-Q1" for a quarter.</summary>
public sealed record PeriodCount(string Period, int Count);

/// <summary>Time from an RFC's proposal to its decision, over the decided RFCs; null figures when none was decided.</summary>
public sealed record TimeToDecision(int Decided, double? MedianDays, double? P90Days);

/// <summary>Who took part in one RFC: distinct voters and distinct commenters.</summary>
public sealed record RfcBreadth(RfcId Rfc, string Title, int Voters, int Commenters);

/// <summary>
/// Breadth of input: per RFC (newest first), the medians, and how many required reviewers answered (a vote or a
/// comment) within the team's response norm for the RFC's kind. Share is null when nobody was asked yet.
/// </summary>
public sealed record InputBreadth(
    IReadOnlyList<RfcBreadth> PerRfc,
    double? MedianVoters,
    double? MedianCommenters,
    int RequiredAsked,
    int RequiredAnsweredWithinNorm,
    double? ShareWithinNorm);

public sealed record ConcernCounts(int Raised, int Resolved, int Overruled, int StillOpen);

public sealed record WindowCounts(int ClosedEarly, int Extended, int Withdrawn);

/// <summary>Meeting tests of the team and what came of them.</summary>
public sealed record MeetingCounts(int Tested, int BecameThreads, int BecameRfcs, int KeptAsMeetings);

/// <summary>A team's (or several teams') async health, computed from the RFCs and meeting tests it is given.</summary>
public sealed record TeamMetrics(
    int Rfcs,
    int OpenRfcs,
    int Decisions,
    IReadOnlyList<PeriodCount> DecisionsPerMonth,
    IReadOnlyList<PeriodCount> DecisionsPerQuarter,
    TimeToDecision TimeToDecision,
    InputBreadth Breadth,
    ConcernCounts Concerns,
    WindowCounts Windows,
    MeetingCounts Meetings);

/// <summary>One team's material for <see cref="TeamMetricsCalculator"/>: its settings (norms, zone) and its RFCs.</summary>
public sealed record TeamMetricsInput(TeamSettings Settings, IReadOnlyList<Rfc> Rfcs, IReadOnlyList<MeetingTestRecord> MeetingTests);

/// <summary>Pure: the same input always gives the same figures.</summary>
public static class TeamMetricsCalculator
{
    /// <summary>The most recent months a chart shows; older decisions still count in the totals.</summary>
    public const int MonthsShown = 24;

    /// <summary>The most recent quarters a chart shows; older decisions still count in the totals.</summary>
    public const int QuartersShown = 8;

    /// <summary>The percentile <see cref="TimeToDecision.P90Days"/> reports.</summary>
    public const int SlowPercentile = 90;

    /// <summary>
    /// The metrics of one or more teams at <paramref name="now"/>, each RFC held to its own team's norms.
    /// <list type="bullet">
    /// <item>Periods are calendar months/quarters in <paramref name="zone"/> by the decision's decided-at time, from
    /// the first decision's period to now's (or the last decision's, if later), with zero periods included, capped to
    /// the last <see cref="MonthsShown"/> months and <see cref="QuartersShown"/> quarters; empty when nothing was decided.</item>
    /// <item>Time to decision is proposal to decision in days. The median of an even count is the mean of the two middle
    /// values; p90 is nearest-rank: the value at rank ⌈0.9 × n⌉ of the sorted list (the largest one when n &lt; 10).</item>
    /// <item>Breadth counts RFCs that were opened. A required reviewer is asked once their response was due
    /// (<see cref="ResponsePolicy.ReviewerDueAt"/>) by <paramref name="now"/>, or once they answered; they answered within
    /// the norm when their first vote (earliest kept in the ballot's history) or first comment came at or before that time.</item>
    /// <item>Extended: the RFC keeps no count of extensions, so an RFC counts as extended when its window closes later than
    /// its <see cref="Rfc.WindowDays"/> give from the opening in the team's calendar (an extension after an early close
    /// that ends before the original close is not seen; neither is a later change to the team's calendar).</item>
    /// <item>Withdrawn: state Withdrawn, whether the author withdrew it or the decider resolved it as Withdrawn.</item>
    /// </list>
    /// </summary>
    public static TeamMetrics Compute(IReadOnlyList<TeamMetricsInput> teams, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(teams);
        ArgumentNullException.ThrowIfNull(zone);

        var rfcs = teams.SelectMany(t => t.Rfcs.Select(rfc => (Rfc: rfc, t.Settings))).ToList();
        var decided = rfcs.Where(r => r.Rfc.Decision is not null).Select(r => r.Rfc).ToList();
        var decidedAt = decided.Select(r => TimeZoneInfo.ConvertTime(r.Decision!.DecidedAt, zone)).ToList();
        var nowLocal = TimeZoneInfo.ConvertTime(now, zone);
        var meetings = teams.SelectMany(t => t.MeetingTests).ToList();

        return new TeamMetrics(
            rfcs.Count,
            rfcs.Count(r => r.Rfc.StateAt(now) is RfcState.Open or RfcState.AwaitingDecision),
            decided.Count,
            PerPeriod(decidedAt, nowLocal, MonthsShown, at => at.Year * 12 + (at.Month - 1), index => string.Create(CultureInfo.InvariantCulture, $"{index / 12:D4}-{(index % 12) + 1:D2}")),
            PerPeriod(decidedAt, nowLocal, QuartersShown, at => at.Year * 4 + ((at.Month - 1) / 3), index => string.Create(CultureInfo.InvariantCulture, $"{index / 4:D4}-Q{(index % 4) + 1}")),
            TimeToDecisionOf(decided),
            BreadthOf(rfcs, now),
            new ConcernCounts(
                rfcs.Sum(r => r.Rfc.Concerns.Count),
                rfcs.Sum(r => r.Rfc.Concerns.Count(c => c.Status == ConcernStatus.Resolved)),
                rfcs.Sum(r => r.Rfc.Concerns.Count(c => c.Status == ConcernStatus.Overruled)),
                rfcs.Sum(r => r.Rfc.Concerns.Count(c => c.Status == ConcernStatus.Open))),
            new WindowCounts(
                rfcs.Count(r => r.Rfc.EarlyCloseReason is not null),
                rfcs.Count(r => WasExtended(r.Rfc, r.Settings)),
                rfcs.Count(r => r.Rfc.State == RfcState.Withdrawn)),
            new MeetingCounts(
                meetings.Count,
                meetings.Count(m => m.Choice == MeetingChoice.AsyncThread),
                meetings.Count(m => m.Choice == MeetingChoice.Rfc),
                meetings.Count(m => m.Choice == MeetingChoice.KeptMeeting)));
    }

    private static List<PeriodCount> PerPeriod(List<DateTimeOffset> decidedAt, DateTimeOffset nowLocal, int shown, Func<DateTimeOffset, int> indexOf, Func<int, string> label)
    {
        if (decidedAt.Count == 0)
        {
            return [];
        }

        var indexes = decidedAt.Select(indexOf).ToList();
        var last = Math.Max(indexOf(nowLocal), indexes.Max());
        var first = Math.Max(indexes.Min(), last - shown + 1);
        var counts = indexes.Where(i => i >= first).GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        return [.. Enumerable.Range(first, last - first + 1).Select(i => new PeriodCount(label(i), counts.GetValueOrDefault(i)))];
    }

    private static TimeToDecision TimeToDecisionOf(List<Rfc> decided)
    {
        var days = decided.Select(r => (r.Decision!.DecidedAt - r.ProposedAt).TotalDays).Order().ToList();
        return new TimeToDecision(days.Count, Median(days), days.Count == 0 ? null : NearestRank(days, SlowPercentile));
    }

    private static InputBreadth BreadthOf(List<(Rfc Rfc, TeamSettings Settings)> rfcs, DateTimeOffset now)
    {
        var opened = rfcs
            .Where(r => r.Rfc.Window is not null)
            .OrderByDescending(r => r.Rfc.Window!.OpensAt)
            .ThenBy(r => r.Rfc.Team.Value, StringComparer.Ordinal)
            .ThenByDescending(r => r.Rfc.Number.Value)
            .ToList();
        var perRfc = opened.Select(r => new RfcBreadth(
            r.Rfc.Id,
            r.Rfc.Title,
            r.Rfc.Ballots.Count,
            r.Rfc.Comments.Select(c => c.Author.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count())).ToList();

        int asked = 0, withinNorm = 0;
        foreach (var (rfc, settings) in opened)
        {
            var due = ResponsePolicy.ReviewerDueAt(rfc, settings)!.Value;
            foreach (var reviewer in rfc.RequiredReviewers)
            {
                var answered = FirstAnswer(rfc, reviewer);
                if (due > now && answered is null)
                {
                    continue;
                }

                asked++;
                if (answered <= due)
                {
                    withinNorm++;
                }
            }
        }

        return new InputBreadth(
            perRfc,
            Median([.. perRfc.Select(b => (double)b.Voters).Order()]),
            Median([.. perRfc.Select(b => (double)b.Commenters).Order()]),
            asked,
            withinNorm,
            asked == 0 ? null : (double)withinNorm / asked);
    }

    /// <summary>The reviewer's first vote or comment; a ballot keeps only its latest votes, so a long-changed vote may be seen later than it was first cast.</summary>
    private static DateTimeOffset? FirstAnswer(Rfc rfc, UserRef reviewer)
    {
        var times = (rfc.BallotOf(reviewer)?.History.Select(v => v.CastAt) ?? [])
            .Concat(rfc.Comments.Where(c => c.Author.Is(reviewer)).Select(c => c.At))
            .ToList();
        return times.Count == 0 ? null : times.Min();
    }

    private static bool WasExtended(Rfc rfc, TeamSettings settings) =>
        rfc.Window is { } window && window.ClosesAt > settings.ToWorkingTime().AddWorkingDays(window.OpensAt, rfc.WindowDays);

    private static double? Median(List<double> sorted) => sorted.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => (sorted[(n / 2) - 1] + sorted[n / 2]) / 2,
    };

    private static double NearestRank(List<double> sorted, int percentile) =>
        sorted[Math.Max(1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count)) - 1];
}
