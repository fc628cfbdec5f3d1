using TeamsDecisions.App.Bot;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Search;

namespace TeamsDecisions.App.Search;

/// <summary>
/// Past decisions of an RFC's team related to what it proposes (its title, context and proposal): listed on the
/// author's confirmation, and first in the resolve form's "supersedes" choice. A help, never a gate: a search that
/// fails or is slow is logged and left out, so submitting or resolving never fails because of it.
/// </summary>
internal sealed class RelatedDecisions(IDecisionSearch search, ILogger<RelatedDecisions> logger)
{
    /// <summary>How long the search may take out of the invoke's budget: the RFC is already saved and posted by then.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(1.5);

    /// <summary>At most <paramref name="max"/> decisions of <paramref name="rfc"/>'s team related to it, best first; empty when the search fails.</summary>
    public async Task<IReadOnlyList<SearchHit>> ForAsync(Rfc rfc, string? tenant, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        if (string.IsNullOrWhiteSpace(tenant))
        {
            return [];
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Budget);
        try
        {
            var text = string.Join('\n', rfc.Title, rfc.Context, rfc.Proposal);
            var hits = await search.RelatedAsync(text, new SearchScope(tenant, [rfc.Id.Team]), max + 1, deadline.Token).ConfigureAwait(false);
            return [.. hits.Where(h => h.Rfc != rfc.Id && h.Rfc.Team == rfc.Id.Team && h.Decision is not null).Take(max)];
        }
        catch (Exception ex)
        {
            Log.SearchFailed(logger, ex, "related decisions");
            return [];
        }
    }

    /// <summary><paramref name="decisions"/> with those related to <paramref name="rfc"/> first (by relevance), the rest after, newest first.</summary>
    public async Task<IReadOnlyList<DecisionLogEntry>> OrderAsync(Rfc rfc, string? tenant, IReadOnlyList<DecisionLogEntry> decisions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        if (decisions.Count < 2)
        {
            return decisions;
        }

        var related = await ForAsync(rfc, tenant, decisions.Count, cancellationToken).ConfigureAwait(false);
        var rank = related.Select((h, i) => (h.Decision!.Value, i)).GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.First().i);
        return [.. decisions.OrderBy(d => rank.TryGetValue(d.Number, out var r) ? r : int.MaxValue).ThenByDescending(d => d.DecidedAt)];
    }
}
