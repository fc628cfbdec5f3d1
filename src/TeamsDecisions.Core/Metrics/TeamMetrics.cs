using TeamsDecisions.Core.Meetings;
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
    /// <summary>
    /// The metrics of one or more teams at <paramref name="now"/>. Periods are calendar months/quarters in
    /// <paramref name="zone"/>, from the first decision's period to now's, with zero periods included.
    /// </summary>
    public static TeamMetrics Compute(IReadOnlyList<TeamMetricsInput> teams, TimeZoneInfo zone, DateTimeOffset now) =>
        throw new NotImplementedException("Being written (issue 14).");
}
