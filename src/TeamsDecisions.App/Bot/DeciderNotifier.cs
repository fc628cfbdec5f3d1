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

/// <summary>
/// Sends the decider's notice after the answer: a late comment or concern that closed the window must not wait for
/// a Connector post (with its retries) before the person gets their card back.
/// </summary>
internal sealed class DeciderNotices(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<DeciderNotices> logger)
{
    public void After(RfcCommandResult result)
    {
        if (!result.ClosedTheWindow)
        {
            return;
        }

        Detached.Run(async () =>
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<DeciderNotifier>().WindowClosedAsync(result.Rfc, lifetime.ApplicationStopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                Log.PostFailed(logger, ex, result.Rfc.Id.ToString());
            }
        });
    }
}
