using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot;

/// <summary>The installed teams of one tenant whose roster lists a person, and how many rosters could not be read.</summary>
internal sealed record PersonTeams(IReadOnlyList<TeamConversation> Teams, int NotChecked);

/// <summary>
/// Which teams a person belongs to, for everything asked from the personal chat ("my queue", the digest, search):
/// every installed team of their tenant whose roster lists them. Never a team of another tenant. Rosters come from
/// the 5-minute cache shared with the settings owners (<see cref="TeamAdmins"/>).
/// </summary>
internal sealed class MemberTeams(IConversationStore conversations, TeamAdmins rosters, ILogger<MemberTeams> logger)
{
    /// <summary>The teams of <paramref name="tenant"/> whose roster lists <paramref name="userId"/> (an Entra object id).</summary>
    public async Task<PersonTeams> OfAsync(string userId, string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        var teams = new List<TeamConversation>();
        var notChecked = 0;
        foreach (var team in (await conversations.ListTeamsAsync(cancellationToken).ConfigureAwait(false)).Where(t => string.Equals(t.TenantId, tenant, StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                if (await rosters.IsMemberAsync(team.Team, team.ServiceUrl, userId, cancellationToken).ConfigureAwait(false))
                {
                    teams.Add(team);
                }
            }
            catch (ConnectorException ex)
            {
                // Without the roster we cannot tell whether they may see this team's RFCs: leave it out, and say so.
                Log.MemberTeamNotChecked(logger, ex, team.Team.Value);
                notChecked++;
            }
        }

        return new PersonTeams(teams, notChecked);
    }

    /// <summary>Whether <paramref name="userId"/> of <paramref name="tenant"/> is on the roster of <paramref name="team"/>, an installed team of that tenant; false when Teams cannot say.</summary>
    public async Task<bool> IsMemberAsync(Core.TeamId team, string userId, string tenant, CancellationToken cancellationToken) =>
        await InstalledTeamOfMemberAsync(team, userId, tenant, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>The installed team <paramref name="team"/> when its roster lists <paramref name="userId"/> of <paramref name="tenant"/>; null otherwise, or when Teams cannot say.</summary>
    public async Task<TeamConversation?> InstalledTeamOfMemberAsync(Core.TeamId team, string userId, string tenant, CancellationToken cancellationToken)
    {
        if (await conversations.FindTeamAsync(team, cancellationToken).ConfigureAwait(false) is not { } installed
            || !string.Equals(installed.TenantId, tenant, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return await rosters.IsMemberAsync(team, installed.ServiceUrl, userId, cancellationToken).ConfigureAwait(false) ? installed : null;
        }
        catch (ConnectorException ex)
        {
            Log.MemberTeamNotChecked(logger, ex, team.Value);
            return null;
        }
    }
}
