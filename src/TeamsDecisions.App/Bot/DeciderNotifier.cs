using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot;

/// <summary>
/// Tells the decider, in the RFC's thread, that the comment window closed: with the tally and the open concerns.
/// Called by whoever's command produced the CommentWindowClosed event — the window closer, or a person whose late
/// comment or concern closed it first — so the notice goes out exactly once.
/// </summary>
internal sealed class DeciderNotifier(IConversationStore conversations, IConnectorClient connector, ILogger<DeciderNotifier> logger)
{
    public async Task AfterAsync(RfcCommandResult result, CancellationToken cancellationToken)
    {
        if (!result.AlreadyApplied && result.Events.OfType<CommentWindowClosed>().Any())
        {
            await WindowClosedAsync(result.Rfc, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task WindowClosedAsync(Rfc rfc, CancellationToken cancellationToken)
    {
        var team = await conversations.FindTeamAsync(rfc.Team, cancellationToken).ConfigureAwait(false);
        if (team is null)
        {
            return;
        }

        var card = ConversationCards.WindowClosed(rfc);
        var conversation = rfc.Thread?.ConversationId ?? team.GeneralChannelId;
        try
        {
            await connector.SendAsync(team.ServiceUrl, conversation, CardMessages.Message(card), cancellationToken).ConfigureAwait(false);
            Log.WindowClosed(logger, rfc.Id.ToString());
        }
        catch (ConnectorException ex)
        {
            Log.PostFailed(logger, ex, conversation);
        }
    }
}
