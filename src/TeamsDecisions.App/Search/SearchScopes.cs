using TeamsDecisions.App.Bot;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Search;

namespace TeamsDecisions.App.Search;

/// <summary>
/// What the person acting in a turn may search. In a channel or group chat: that team, in the turn's tenant (a team
/// installed for another tenant gives nothing). In a personal chat: every installed team of the turn's tenant whose
/// roster lists them. Never a team of another tenant.
/// </summary>
internal sealed class SearchScopes(MemberTeams memberTeams, IConversationStore conversations)
{
    /// <summary>The scope of <paramref name="turn"/>, or null when Teams did not say who or which tenant (nothing may be searched).</summary>
    public async Task<SearchScope?> ForAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.Actor is not { } actor || string.IsNullOrWhiteSpace(turn.TenantId))
        {
            return null;
        }

        var tenant = turn.TenantId;
        if (turn.Team is { } team)
        {
            var installed = await conversations.FindTeamAsync(team, cancellationToken).ConfigureAwait(false);
            return installed is not null && !string.Equals(installed.TenantId, tenant, StringComparison.OrdinalIgnoreCase)
                ? new SearchScope(tenant, [])
                : new SearchScope(tenant, [team]);
        }

        var mine = await memberTeams.OfAsync(actor.Id, tenant, cancellationToken).ConfigureAwait(false);
        return new SearchScope(tenant, [.. mine.Teams.Select(t => t.Team)]);
    }

    /// <summary>Whether <paramref name="team"/> is in what the person acting in <paramref name="turn"/> may see: their turn's team, or a team of their tenant whose roster lists them.</summary>
    public async Task<bool> MaySeeAsync(TurnContext turn, TeamId team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.Actor is not { } actor || string.IsNullOrWhiteSpace(turn.TenantId))
        {
            return false;
        }

        return await memberTeams.IsMemberAsync(team, actor.Id, turn.TenantId, cancellationToken).ConfigureAwait(false);
    }
}
