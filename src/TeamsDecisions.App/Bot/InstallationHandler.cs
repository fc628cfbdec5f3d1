using TeamsDecisions.Core.Ports;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot;

/// <summary>Install in a team or chat: remember where the team lives (for posts later) and say hello once.</summary>
internal sealed class InstallationHandler(TeamDirectory directory, IConnectorClient connector, IDecisionPublisher pages, ITeamSettingsStore settings, TimeProvider clock, ILogger<InstallationHandler> logger)
{
    public const string BotName = "TeamsDecisions";

    public async Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var team = await directory.RememberAsync(turn, cancellationToken).ConfigureAwait(false);

        // Teams sends installationUpdate (add) and conversationUpdate (bot added) for one install: welcome on the first only.
        var isInstall = activity.Type == ActivityTypes.InstallationUpdate && string.Equals(activity.Action, "add", StringComparison.OrdinalIgnoreCase);
        if (!isInstall)
        {
            return;
        }

        if (team is not null)
        {
            Log.Installed(logger, team.Team.Value, team.TeamName ?? string.Empty);
        }

        await DefaultTimeZoneAsync(turn, cancellationToken).ConfigureAwait(false);

        var card = MessageCards.Welcome(turn.TeamName ?? "this chat", activity.Recipient?.Name ?? BotName, pages.Where);
        try
        {
            var conversation = team?.GeneralChannelId ?? turn.ConversationId;
            await connector.SendAsync(turn.ServiceUrl, conversation, CardMessages.Message(card), cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            Log.PostFailed(logger, ex, turn.ConversationId);
        }
    }

    /// <summary>
    /// A team that has never saved settings takes its time zone from the installing activity's <c>localTimezone</c>
    /// (recorded as a change by the person who installed it); a team that has, keeps its own.
    /// </summary>
    private async Task DefaultTimeZoneAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.ChannelData?.Team?.Id is not { Length: > 0 } || turn.Team is not { } team || turn.Actor is not { } installer
            || TeamsDecisions.Core.Teams.TeamSettings.DefaultsFor(team, turn.Activity.LocalTimezone) is not { TimeZone: not TeamsDecisions.Core.Teams.TeamSettings.DefaultTimeZone } defaults)
        {
            return;
        }

        if ((await settings.ListChangesAsync(team, 1, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            await settings.SaveAsync(defaults, installer, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }
}
