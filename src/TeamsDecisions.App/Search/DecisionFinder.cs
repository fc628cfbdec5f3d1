using TeamsDecisions.App.Bot;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Search;

namespace TeamsDecisions.App.Search;

/// <summary>
/// Search hits with what their cards link to: each decision's page (from the publishing outbox: the SharePoint page,
/// or the app's own page locally), and for the compact card one line of rationale.
/// </summary>
internal sealed class DecisionFinder(IDecisionSearch search, IPublicationOutbox outbox, IRfcStore store)
{
    public async Task<IReadOnlyList<FoundDecision>> SearchAsync(string words, SearchScope scope, int max, CancellationToken cancellationToken) =>
        await WithPagesAsync(await search.SearchAsync(words, scope, max, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<FoundDecision>> RecentAsync(SearchScope scope, int max, CancellationToken cancellationToken) =>
        await WithPagesAsync(await search.RecentAsync(scope, max, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>The page of each hit's decision, read side by side (the message extension has 5 s in all).</summary>
    public async Task<IReadOnlyList<FoundDecision>> WithPagesAsync(IReadOnlyList<SearchHit> hits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var pages = await Task.WhenAll(hits.Select(h => PageAsync(h, cancellationToken))).ConfigureAwait(false);
        return [.. hits.Select((h, i) => new FoundDecision(h, pages[i]))];
    }

    /// <summary>The compact card of a hit: its rationale's first line when the hit has no best line (recent decisions).</summary>
    public async Task<Cards.Model.AdaptiveCard> CompactAsync(FoundDecision found, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(found);
        var rationale = found.Hit.BestLine?.Text;
        if (rationale is null && found.Hit.Decision is not null)
        {
            rationale = (await store.FindAsync(found.Hit.Rfc, cancellationToken).ConfigureAwait(false))?.Decision?.Rationale;
        }

        return SearchCards.Compact(found, rationale);
    }

    /// <summary>A decision as a hit, read from the store (for a link that names it); null when it is not a decision of that team.</summary>
    public async Task<FoundDecision?> DecisionAsync(TeamId team, DecisionNumber number, CancellationToken cancellationToken)
    {
        if (await store.FindDecisionAsync(team, number, cancellationToken).ConfigureAwait(false) is not { } entry
            || await store.FindAsync(entry.Rfc, cancellationToken).ConfigureAwait(false) is not { Decision: { } decision } rfc)
        {
            return null;
        }

        var hit = new SearchHit(rfc.Id, rfc.Title, rfc.State, decision.Number, decision.Outcome, decision.DecidedAt, null, decision.Supersedes, decision.SupersededBy, rfc.Thread?.WebUrl, 0);
        return new FoundDecision(hit, await PageAsync(hit, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The published page of a decision, else the team's log; null for open RFCs and pages not published yet.</summary>
    public async Task<Uri?> PageAsync(SearchHit hit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hit);
        if (hit.Decision is null)
        {
            return null;
        }

        var publication = await outbox.FindAsync(hit.Rfc, cancellationToken).ConfigureAwait(false);
        return publication?.PageUrl ?? publication?.LogUrl;
    }

    /// <summary>The published page of <paramref name="rfc"/>'s decision, when there is one.</summary>
    public async Task<Uri?> PublishedPageAsync(RfcId rfc, CancellationToken cancellationToken) =>
        (await outbox.FindAsync(rfc, cancellationToken).ConfigureAwait(false))?.PageUrl;
}
