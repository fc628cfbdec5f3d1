using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.App.Bot.Actions;

/// <summary>The RFC card as one person sees it now, with the decision's links when it has one.</summary>
internal sealed class RfcViews(DecisionLinks links, TimeProvider clock)
{
    public async Task<AdaptiveCard> ForAsync(Rfc rfc, UserRef viewer, CancellationToken cancellationToken) =>
        RfcCard.Build(rfc, new CardViewer(clock.GetUtcNow(), viewer), await links.ForAsync(rfc, cancellationToken).ConfigureAwait(false));
}
