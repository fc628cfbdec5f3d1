using System.Text.Json;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;

namespace TeamsDecisions.App.Bot.Actions;

/// <summary>
/// The RFC a card action names, checked against where the action came from: a card in one team's channel cannot
/// act on another team's RFC, personal chat has no team, and the team must be in the caller's tenant.
/// </summary>
internal sealed class RfcGuard(IConversationStore conversations)
{
    public async Task<RfcId> CheckAsync(CardAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var named = action.Parse<RefreshData>();
        if (string.IsNullOrWhiteSpace(named.Team) || named.Rfc < 1)
        {
            throw new JsonException("The action names no RFC.");
        }

        var team = new TeamId(named.Team);
        var turn = action.Turn;
        if (turn.Team is not { } here || here != team)
        {
            throw new NotFoundException($"RFC-{named.Rfc:D4} does not belong to this conversation. Open it from its own thread.");
        }

        var known = await conversations.FindTeamAsync(team, cancellationToken).ConfigureAwait(false);
        if (known is null || (turn.TenantId is not null && !string.Equals(known.TenantId, turn.TenantId, StringComparison.OrdinalIgnoreCase)))
        {
            throw new NotFoundException($"RFC-{named.Rfc:D4} does not exist in your organisation.");
        }

        var id = new RfcId(team, new RfcNumber(named.Rfc));
        action.Rfc = id;
        return id;
    }
}
