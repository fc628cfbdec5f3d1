using TeamsDecisions.App.Bot;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.App.Notifications;

/// <summary>What waits on one person (<see cref="WaitingOn"/>), with the names of the teams it is in and how many teams could not be checked.</summary>
internal sealed record PersonQueue(IReadOnlyList<QueueItem> Items, IReadOnlyDictionary<TeamId, string> TeamNames, int TeamsNotChecked);

/// <summary>
/// Reads a person's queue for "my queue" and the daily digest: one team's (a channel or group chat), or every team
/// of the tenant whose roster has them (the personal chat, the digest). Per team: one settings read, two index
/// queries (Open, AwaitingDecision) and one read per RFC listed — proportional to the open RFCs, not the history.
/// Rosters come from the same 5-minute cache as the settings owners.
/// </summary>
internal sealed class QueueReader(IRfcStore store, ITeamSettingsStore settings, MemberTeams memberTeams, TimeProvider clock)
{
    /// <summary>The queue of <paramref name="person"/> in one team.</summary>
    public async Task<PersonQueue> ForTeamAsync(UserRef person, TeamId team, string? teamName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var rfcs = await OpenRfcsAsync(team, cancellationToken).ConfigureAwait(false);
        return new PersonQueue(WaitingOn.For(person, rfcs, clock.GetUtcNow()), new Dictionary<TeamId, string> { [team] = teamName ?? "this team" }, 0);
    }

    /// <summary>The queue of <paramref name="person"/> across every team of <paramref name="tenant"/> they are a member of.</summary>
    public async Task<PersonQueue> AcrossTeamsAsync(UserRef person, string tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var rfcs = new List<(Rfc, TeamSettings)>();
        var names = new Dictionary<TeamId, string>();
        var member = await memberTeams.OfAsync(person.Id, tenant, cancellationToken).ConfigureAwait(false);
        foreach (var team in member.Teams)
        {
            names[team.Team] = team.TeamName ?? "a team";
            rfcs.AddRange(await OpenRfcsAsync(team.Team, cancellationToken).ConfigureAwait(false));
        }

        return new PersonQueue(WaitingOn.For(person, rfcs, clock.GetUtcNow()), names, member.NotChecked);
    }

    private async Task<List<(Rfc, TeamSettings)>> OpenRfcsAsync(TeamId team, CancellationToken cancellationToken)
    {
        var found = new List<(Rfc, TeamSettings)>();
        TeamSettings? teamSettings = null;
        foreach (var state in new[] { RfcState.Open, RfcState.AwaitingDecision })
        {
            foreach (var summary in await store.ListAsync(team, state, cancellationToken).ConfigureAwait(false))
            {
                if (await store.FindAsync(summary.Id, cancellationToken).ConfigureAwait(false) is { } rfc)
                {
                    teamSettings ??= await settings.GetAsync(team, cancellationToken).ConfigureAwait(false);
                    found.Add((rfc, teamSettings));
                }
            }
        }

        return found;
    }
}
