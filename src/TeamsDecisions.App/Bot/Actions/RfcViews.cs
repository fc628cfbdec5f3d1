using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.App.Bot.Actions;

/// <summary>The RFC card as one person sees it now, with the decision's links when it has one.</summary>
internal sealed class RfcViews(DecisionLinks links, TeamNorms norms, TimeProvider clock)
{
    /// <summary>The card; after a refusal, with what to fix on top and what the person typed put back (<paramref name="refusal"/>).</summary>
    public async Task<AdaptiveCard> ForAsync(Rfc rfc, UserRef viewer, CancellationToken cancellationToken, CardRefusal? refusal = null)
    {
        var due = await norms.DueForAsync(rfc, viewer, cancellationToken).ConfigureAwait(false);
        return RfcCard.Build(rfc, new CardViewer(clock.GetUtcNow(), viewer, due), await links.ForAsync(rfc, cancellationToken).ConfigureAwait(false), refusal);
    }
}
