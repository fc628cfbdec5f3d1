using System.Text.Json;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot.Actions;

/// <summary>
/// The RFC a card action names, checked against where the action came from: a card in one team's channel cannot
/// act on another team's RFC, and the team must be in the caller's tenant. A personal chat has no team: there (a 1:1
/// reminder's Respond) an RFC may be acted on only by a member of its team, by the team's roster.
/// </summary>
internal sealed class RfcGuard(IConversationStore conversations, TeamAdmins roster)
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
        if (turn.IsPersonal && turn.Team is null)
        {
            await CheckMemberAsync(turn, team, named.Rfc, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            if (turn.Team is not { } here || here != team)
            {
                throw NotHere(named.Rfc);
            }

            var known = await conversations.FindTeamAsync(team, cancellationToken).ConfigureAwait(false);
            if (known is null || (turn.TenantId is not null && !string.Equals(known.TenantId, turn.TenantId, StringComparison.OrdinalIgnoreCase)))
            {
                throw new NotFoundException($"RFC-{named.Rfc:D4} does not exist in your organisation.");
            }
        }

        var id = new RfcId(team, new RfcNumber(named.Rfc));
        action.Rfc = id;
        return id;
    }

    private static NotFoundException NotHere(int rfc) => new($"RFC-{rfc:D4} does not belong to this conversation. Open it from its own thread.");

    /// <summary>
    /// A personal chat names a team's RFC: the team must be known, in the caller's tenant (which a personal chat
    /// always carries), and list the caller on its roster. Anything else reads as "not here", naming nothing of the team.
    /// </summary>
    private async Task CheckMemberAsync(TurnContext turn, TeamId team, int rfc, CancellationToken cancellationToken)
    {
        var known = await conversations.FindTeamAsync(team, cancellationToken).ConfigureAwait(false);
        if (known is null || turn.TenantId is null || !string.Equals(known.TenantId, turn.TenantId, StringComparison.OrdinalIgnoreCase) || turn.Actor is not { } actor)
        {
            throw NotHere(rfc);
        }

        bool member;
        try
        {
            member = await roster.IsMemberAsync(team, known.ServiceUrl, actor.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            throw new DependencyFailedException("Teams", ex.Status, "Teams could not be asked who is in the RFC's team; try again in a minute.", ex);
        }

        if (!member)
        {
            throw NotHere(rfc);
        }
    }
}
