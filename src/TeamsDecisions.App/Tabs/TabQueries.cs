using Microsoft.Extensions.Caching.Memory;
using TeamsDecisions.App.Search;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Metrics;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Search;
using TeamsDecisions.Core.Teams;
using TeamsDecisions.Infrastructure.Publishing;

namespace TeamsDecisions.App.Tabs;

/// <summary>
/// What the tab shows of a team the caller was checked to belong to: the decision log, the open RFCs, one decision as
/// its page shows it, and the metrics. Reads only; membership is checked by the route, never here.
/// </summary>
internal sealed class TabQueries(
    IRfcStore store,
    ITeamSettingsStore settings,
    IConversationStore conversations,
    IPublicationOutbox outbox,
    IDecisionSearch search,
    IMeetingTestLog meetingTests,
    IMemoryCache cache,
    TimeProvider clock)
{
    /// <summary>How long one team's RFCs are reused for its metrics: reading every RFC of a team is the costly part.</summary>
    public static readonly TimeSpan MetricsInputCacheDuration = TimeSpan.FromSeconds(30);

    /// <summary>The most search hits taken for the text filter; the log itself is never cut.</summary>
    private const int SearchHitsMax = 500;

    public async Task<TabJson.Team> TeamAsync(TeamId team, CancellationToken cancellationToken) =>
        new(team.Value, (await conversations.FindTeamAsync(team, cancellationToken).ConfigureAwait(false))?.TeamName ?? "Team");

    public async Task<TabJson.DecisionList> DecisionsAsync(TeamId team, string tenant, DecisionLogQuery query, CancellationToken cancellationToken)
    {
        var log = await store.ListDecisionsAsync(team, cancellationToken).ConfigureAwait(false);
        var zone = Zone(await settings.GetAsync(team, cancellationToken).ConfigureAwait(false));
        var byIndex = search is not NoDecisionSearch;
        HashSet<DecisionNumber>? found = null;
        if (query.Text is { } text && byIndex)
        {
            var hits = await search.SearchAsync(text, new SearchScope(tenant, [team]), SearchHitsMax, cancellationToken).ConfigureAwait(false);
            found = [.. hits.Where(h => h.Decision is not null).Select(h => h.Decision!.Value)];
        }

        var matching = log.Where(e =>
            (query.Status is not { } status || e.Status == status)
            && (query.From is not { } from || Day(e.DecidedAt, zone) >= from)
            && (query.To is not { } to || Day(e.DecidedAt, zone) <= to)
            && (query.Decider is not { } decider || string.Equals(e.Decider.Id, decider, StringComparison.OrdinalIgnoreCase) || e.Decider.DisplayName.Contains(decider, StringComparison.OrdinalIgnoreCase))

            // The index finds words anywhere in the record (stemmed); the title check also finds a decision the index has not caught up with yet.
            && (query.Text is not { } words || e.Title.Contains(words, StringComparison.OrdinalIgnoreCase) || (found?.Contains(e.Number) ?? false)));
        var deciders = log.Select(e => e.Decider).DistinctBy(d => d.Id, StringComparer.OrdinalIgnoreCase).OrderBy(d => d.DisplayName, StringComparer.CurrentCulture).Select(TabJson.Person.Of);
        return new TabJson.DecisionList(
            await TeamAsync(team, cancellationToken).ConfigureAwait(false),
            log.Count,
            byIndex ? "index" : "title",
            [.. deciders],
            [.. matching.OrderByDescending(e => e.DecidedAt).ThenByDescending(e => e.Number.Value).Select(Item)]);
    }

    public async Task<TabJson.OpenRfcList> OpenRfcsAsync(TeamId team, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var teamSettings = await settings.GetAsync(team, cancellationToken).ConfigureAwait(false);
        var open = await store.ListAsync(team, RfcState.Open, cancellationToken).ConfigureAwait(false);
        var awaiting = await store.ListAsync(team, RfcState.AwaitingDecision, cancellationToken).ConfigureAwait(false);
        var rfcs = await Task.WhenAll(open.Concat(awaiting).DistinctBy(s => s.Id).Select(s => store.FindAsync(s.Id, cancellationToken))).ConfigureAwait(false);
        var items = new List<TabJson.OpenRfc>();
        foreach (var rfc in rfcs.OfType<Rfc>())
        {
            var state = rfc.StateAt(now);
            if (state is not (RfcState.Open or RfcState.AwaitingDecision))
            {
                continue;
            }

            var deciding = state == RfcState.AwaitingDecision;
            items.Add(new TabJson.OpenRfc(
                rfc.Number.ToString(),
                rfc.Title,
                state.ToString(),
                TabJson.Person.Of(rfc.Author),
                TabJson.Person.Of(rfc.Decider),
                rfc.Window?.OpensAt,
                rfc.Window?.ClosesAt,
                deciding ? "decision" : "reviewers",
                deciding ? ResponsePolicy.DecisionDueAt(rfc, teamSettings) : ResponsePolicy.ReviewerDueAt(rfc, teamSettings),
                deciding ? [TabJson.Person.Of(rfc.Decider)] : [.. rfc.NotYetResponded.Select(TabJson.Person.Of)],
                rfc.Thread?.WebUrl));
        }

        return new TabJson.OpenRfcList(
            await TeamAsync(team, cancellationToken).ConfigureAwait(false),
            [.. items.OrderBy(i => i.ClosesAt ?? DateTimeOffset.MaxValue).ThenBy(i => i.Number, StringComparer.Ordinal)]);
    }

    /// <summary>The decision with the sections of its decision page (the same builder), or null when the team has no such decision.</summary>
    public async Task<TabJson.Decision?> DecisionAsync(TeamId team, DecisionNumber number, CancellationToken cancellationToken)
    {
        if (await store.FindDecisionAsync(team, number, cancellationToken).ConfigureAwait(false) is not { } entry
            || await store.FindAsync(entry.Rfc, cancellationToken).ConfigureAwait(false) is not { Decision: { } decision } rfc)
        {
            return null;
        }

        var publication = await outbox.FindAsync(rfc.Id, cancellationToken).ConfigureAwait(false);
        var thread = decision.Thread?.WebUrl ?? rfc.Thread?.WebUrl;

        // Other decisions are named, not linked: their pages' addresses are in their own outbox rows, and the tab lists them anyway.
        var page = DecisionPages.Build(decision, new PageLinks(thread, _ => null, publication?.LogUrl));
        return new TabJson.Decision(
            decision.Number.ToString(),
            decision.Rfc.ToString(),
            decision.Title,
            decision.Status.ToString(),
            decision.DecidedAt,
            TabJson.Person.Of(decision.Author),
            TabJson.Person.Of(decision.Decider),
            publication?.PageUrl ?? publication?.LogUrl,
            thread,
            [.. page.Sections.Select(s => new TabJson.Section(s.Heading, s.Html))]);
    }

    /// <summary>
    /// The metrics of <paramref name="teams"/> (in the given order). Periods are counted in the teams' time zone when
    /// they all share one, else in UTC.
    /// </summary>
    public async Task<TabJson.Metrics> MetricsAsync(IReadOnlyList<TeamId> teams, CancellationToken cancellationToken)
    {
        var inputs = new List<TeamMetricsInput>();
        foreach (var team in teams)
        {
            inputs.Add(await MetricsInputAsync(team, cancellationToken).ConfigureAwait(false));
        }

        var zones = inputs.Select(i => Zone(i.Settings)).DistinctBy(z => z.Id).ToList();
        var zone = zones.Count == 1 ? zones[0] : TimeZoneInfo.Utc;
        var now = clock.GetUtcNow();
        var names = await Task.WhenAll(teams.Select(t => TeamAsync(t, cancellationToken))).ConfigureAwait(false);
        return new TabJson.Metrics(names, zone.Id, now, TabJson.MetricsFigures.Of(TeamMetricsCalculator.Compute(inputs, zone, now)));
    }

    /// <summary>One team's settings, every RFC (read whole) and meeting tests; kept for <see cref="MetricsInputCacheDuration"/>.</summary>
    public async Task<TeamMetricsInput> MetricsInputAsync(TeamId team, CancellationToken cancellationToken)
    {
        var key = (nameof(TabQueries), team);
        if (cache.TryGetValue(key, out TeamMetricsInput? cached) && cached is not null)
        {
            return cached;
        }

        var teamSettings = await settings.GetAsync(team, cancellationToken).ConfigureAwait(false);
        var summaries = await store.ListAsync(team, null, cancellationToken).ConfigureAwait(false);
        var rfcs = new List<Rfc>(summaries.Count);

        // A few at a time: a team with hundreds of RFCs must not open hundreds of requests at once.
        foreach (var chunk in summaries.Chunk(8))
        {
            rfcs.AddRange((await Task.WhenAll(chunk.Select(s => store.FindAsync(s.Id, cancellationToken))).ConfigureAwait(false)).OfType<Rfc>());
        }

        var tests = await meetingTests.ListForTeamAsync(team, cancellationToken).ConfigureAwait(false);
        var input = new TeamMetricsInput(teamSettings, rfcs, tests);
        cache.Set(key, input, MetricsInputCacheDuration);
        return input;
    }

    private static TabJson.DecisionItem Item(DecisionLogEntry e) =>
        new(e.Number.ToString(), e.Rfc.Number.ToString(), e.Title, e.Status.ToString(), e.DecidedAt, TabJson.Person.Of(e.Decider), e.Supersedes?.ToString(), e.SupersededBy?.ToString());

    private static TimeZoneInfo Zone(TeamSettings s) => TeamSettings.TryFindIanaZone(s.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    private static DateOnly Day(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
}
