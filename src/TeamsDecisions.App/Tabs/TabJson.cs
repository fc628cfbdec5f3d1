using TeamsDecisions.Core;
using TeamsDecisions.Core.Metrics;

namespace TeamsDecisions.App.Tabs;

/// <summary>The JSON the tab API answers with. Numbers and dates are as stored; names are display names.</summary>
internal static class TabJson
{
    internal sealed record Person(string Id, string Name)
    {
        public static Person Of(UserRef user) => new(user.Id, user.DisplayName);
    }

    internal sealed record Team(string Id, string Name);

    internal sealed record Mode(bool Local);

    /// <summary>One line of the decision log.</summary>
    internal sealed record DecisionItem(
        string Number,
        string Rfc,
        string Title,
        string Status,
        DateTimeOffset DecidedAt,
        Person Decider,
        string? Supersedes,
        string? SupersededBy);

    /// <summary>
    /// The log after the filters. <see cref="Total"/> counts the team's decisions before filtering; <see cref="TextSearch"/>
    /// says how <c>q</c> was matched: "index" (the search index, plus titles) or "title" (titles only, no index).
    /// </summary>
    internal sealed record DecisionList(Team Team, int Total, string TextSearch, IReadOnlyList<Person> Deciders, IReadOnlyList<DecisionItem> Decisions);

    /// <summary>An open RFC: when its window closes, and who it waits on (reviewers yet to respond, or the decider).</summary>
    internal sealed record OpenRfc(
        string Number,
        string Title,
        string State,
        Person Author,
        Person Decider,
        DateTimeOffset? OpensAt,
        DateTimeOffset? ClosesAt,
        string WaitingFor,
        DateTimeOffset? DueAt,
        IReadOnlyList<Person> WaitingOn,
        Uri? ThreadUrl);

    internal sealed record OpenRfcList(Team Team, IReadOnlyList<OpenRfc> Rfcs);

    /// <summary>A section of the decision page: heading and sanitised HTML (the same builder as the published page).</summary>
    internal sealed record Section(string Heading, string Html);

    internal sealed record Decision(
        string Number,
        string Rfc,
        string Title,
        string Status,
        DateTimeOffset DecidedAt,
        Person Author,
        Person Decider,
        Uri? PageUrl,
        Uri? ThreadUrl,
        IReadOnlyList<Section> Sections);

    /// <summary>Metrics of one team or several; <see cref="Zone"/> is the IANA zone the periods are counted in.</summary>
    internal sealed record Metrics(IReadOnlyList<Team> Teams, string Zone, DateTimeOffset ComputedAt, MetricsFigures Figures);

    internal sealed record Breadth(string Rfc, string Title, int Voters, int Commenters);

    /// <summary>Core's <see cref="TeamMetrics"/> with RFC ids as "RFC-0001" text; every other figure as Core computed it.</summary>
    internal sealed record MetricsFigures(
        int Rfcs,
        int OpenRfcs,
        int Decisions,
        IReadOnlyList<PeriodCount> DecisionsPerMonth,
        IReadOnlyList<PeriodCount> DecisionsPerQuarter,
        TimeToDecision TimeToDecision,
        IReadOnlyList<Breadth> BreadthPerRfc,
        double? MedianVoters,
        double? MedianCommenters,
        int RequiredAsked,
        int RequiredAnsweredWithinNorm,
        double? ShareWithinNorm,
        ConcernCounts Concerns,
        WindowCounts Windows,
        MeetingCounts Meetings)
    {
        public static MetricsFigures Of(TeamMetrics m) => new(
            m.Rfcs,
            m.OpenRfcs,
            m.Decisions,
            m.DecisionsPerMonth,
            m.DecisionsPerQuarter,
            m.TimeToDecision,
            [.. m.Breadth.PerRfc.Select(b => new Breadth(b.Rfc.Number.ToString(), b.Title, b.Voters, b.Commenters))],
            m.Breadth.MedianVoters,
            m.Breadth.MedianCommenters,
            m.Breadth.RequiredAsked,
            m.Breadth.RequiredAnsweredWithinNorm,
            m.Breadth.ShareWithinNorm,
            m.Concerns,
            m.Windows,
            m.Meetings);
    }
}
