using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot;

/// <summary>Teams facts the handlers look up: the team's stored reference, its channels, people by Entra id.</summary>
internal sealed class TeamDirectory(IConversationStore conversations, IConnectorClient connector, ILogger<TeamDirectory> logger)
{
    /// <summary>Stores (or refreshes) the team's conversation reference from an activity that came from it.</summary>
    public async Task<TeamConversation?> RememberAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Team is not { } team || turn.TenantId is null)
        {
            return null;
        }

        var known = await conversations.FindTeamAsync(team, cancellationToken).ConfigureAwait(false);
        var general = turn.Activity.ChannelData?.Team?.Id ?? turn.ConversationId;
        var current = new TeamConversation(team, turn.TenantId, turn.TeamName ?? known?.TeamName, turn.ServiceUrl, known?.GeneralChannelId ?? general, turn.Activity.ChannelData?.Team?.AadGroupId ?? known?.AadGroupId);
        if (known != current)
        {
            await conversations.SaveTeamAsync(current, cancellationToken).ConfigureAwait(false);
        }

        return current;
    }

    /// <summary>The team's channels for the form; the current channel alone when the Connector cannot list them.</summary>
    public async Task<IReadOnlyList<ChannelChoice>> ChannelsAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var fallback = turn.ChannelId is { } current ? new[] { new ChannelChoice(current, "This channel") } : [new ChannelChoice(turn.ConversationId, turn.TeamName ?? "This chat")];
        if (turn.Activity.ChannelData?.Team?.Id is not { } teamId)
        {
            return fallback;
        }

        var choices = await ListChannelsAsync(turn.ServiceUrl, teamId, cancellationToken).ConfigureAwait(false);

        // The channel the author is in comes first: it is the default.
        return choices.Count == 0 ? fallback : [.. choices.OrderByDescending(c => c.Id == turn.ChannelId)];
    }

    /// <summary>An installed team's channels (for the Outlook add-in); General alone when the Connector cannot list them.</summary>
    public async Task<IReadOnlyList<ChannelChoice>> ChannelsAsync(TeamConversation team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        var choices = await ListChannelsAsync(team.ServiceUrl, team.Team.Value, cancellationToken).ConfigureAwait(false);
        return choices.Count == 0 ? [new ChannelChoice(team.GeneralChannelId, "General")] : choices;
    }

    private async Task<IReadOnlyList<ChannelChoice>> ListChannelsAsync(Uri serviceUrl, string teamId, CancellationToken cancellationToken)
    {
        try
        {
            var channels = await connector.GetChannelsAsync(serviceUrl, teamId, cancellationToken).ConfigureAwait(false);
            return [.. channels.Where(c => !string.IsNullOrEmpty(c.Id)).Select(c => new ChannelChoice(c.Id!, string.IsNullOrWhiteSpace(c.Name) ? "General" : c.Name!))];
        }
        catch (ConnectorException ex)
        {
            Log.ChannelsUnavailable(logger, ex, teamId);
            return [];
        }
    }

    /// <summary>A person picked in a card (an Entra object id), with their name from the team's roster; null if not a member.</summary>
    public async Task<UserRef?> PersonAsync(TurnContext turn, string entraId, CancellationToken cancellationToken) =>
        await MemberAsync(turn, entraId, cancellationToken).ConfigureAwait(false) is { } member
            ? new UserRef(member.EntraId ?? entraId, member.Name ?? entraId)
            : null;

    /// <summary>
    /// A member to invite to a meeting (an Entra object id, or the Teams "29:" id of a mention), with the mailbox address
    /// the roster gives (email, else the user principal name); null if not a member, or a member without either.
    /// </summary>
    public async Task<Invitee?> InviteeAsync(TurnContext turn, string memberId, CancellationToken cancellationToken) =>
        await MemberAsync(turn, memberId, cancellationToken).ConfigureAwait(false) is { EntraId: { } id } member
            && (member.Email ?? member.UserPrincipalName) is { Length: > 0 } email
                ? new Invitee(new UserRef(id, member.Name ?? id), email)
                : null;

    private async Task<TeamsMember?> MemberAsync(TurnContext turn, string memberId, CancellationToken cancellationToken)
    {
        var conversation = turn.Activity.ChannelData?.Team?.Id ?? turn.ConversationId;
        try
        {
            // Teams looks members up by Entra object id; some Connectors (the Agents Playground) only by Teams id,
            // so fall back to the roster.
            return await connector.GetMemberAsync(turn.ServiceUrl, conversation, memberId, cancellationToken).ConfigureAwait(false)
                ?? (await connector.GetMembersAsync(turn.ServiceUrl, conversation, cancellationToken).ConfigureAwait(false))
                    .FirstOrDefault(m => string.Equals(m.EntraId, memberId, StringComparison.OrdinalIgnoreCase) || string.Equals(m.Id, memberId, StringComparison.OrdinalIgnoreCase));
        }
        catch (ConnectorException ex) when (ex.Status is >= 400 and < 500)
        {
            // Teams answered that this person is not there; an unreachable Teams is not an answer, so it is thrown.
            Log.MemberUnavailable(logger, ex, memberId);
            return null;
        }
    }
}
