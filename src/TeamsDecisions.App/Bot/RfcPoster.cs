using Microsoft.Extensions.Options;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot;

/// <summary>Posts an open RFC's card as a new thread in its channel, once, and remembers the thread.</summary>
internal sealed class RfcPoster(IConnectorClient connector, RfcService service, IConversationStore conversations, NotificationNudge notices, IOptions<BotOptions> options, TimeProvider clock, ILogger<RfcPoster> logger)
{
    /// <summary>
    /// Posts unless the RFC already has its thread (a replayed submit); returns the RFC with its thread. A replay
    /// maps the thread again, so a crash between attaching and mapping still ends with replies reaching the RFC.
    /// Attaching the thread saves, with it, the reply that @mentions the decider and the required reviewers (see
    /// <see cref="Core.Notifications.RfcNotifications"/>); the notification outbox sends it, once, even if this
    /// process stops right after attaching. A replay attaches nothing and mentions no one again.
    /// </summary>
    public async Task<Rfc> PostAsync(TurnContext turn, Rfc rfc, string channelId, CancellationToken cancellationToken)
    {
        if (rfc.Thread is { } posted)
        {
            if ((posted.MessageId ?? ConversationIds.ThreadRoot(posted.ConversationId)) is { } root)
            {
                await conversations.MapThreadAsync(ConversationIds.Channel(posted.ConversationId), root, rfc.Id, cancellationToken).ConfigureAwait(false);
            }

            return rfc;
        }

        var card = RfcCard.Build(rfc, new CardViewer(clock.GetUtcNow()));
        var parameters = new ConversationParameters(
            IsGroup: true,
            Bot: turn.Activity.Recipient,
            TenantId: turn.TenantId,
            ChannelData: new TeamsChannelData { Channel = new ChannelInfo(channelId), Tenant = new TenantInfo(turn.TenantId) },
            Activity: CardMessages.Message(card));
        var created = await connector.CreateConversationAsync(turn.ServiceUrl, parameters, cancellationToken).ConfigureAwait(false);
        var messageId = created.ActivityId ?? ConversationIds.ThreadRoot(created.Id)
            ?? throw new ConnectorException("The Connector did not say which message it created.", 200);
        var conversationId = created.Id is { } id && id.Contains(";messageid=", StringComparison.OrdinalIgnoreCase) ? id : ConversationIds.Thread(channelId, messageId);
        var thread = new ThreadReference(conversationId, messageId, options.Value.IsLocalMode ? null : DeepLink(turn, channelId, messageId));
        var context = new CommandContext(turn.Actor!, $"thread:{messageId}");
        var result = await service.AttachThreadAsync(context, rfc.Id, thread, cancellationToken).ConfigureAwait(false);
        await conversations.MapThreadAsync(ConversationIds.Channel(channelId), messageId, rfc.Id, cancellationToken).ConfigureAwait(false);
        Log.RfcPosted(logger, rfc.Number.ToString(), channelId, messageId);
        notices.After(result);
        return result.Rfc;
    }

    /// <summary>
    /// A link that opens the thread in Teams (the decision record keeps it). Not in local mode: the Agents Playground
    /// has no links to its messages, and a teams.microsoft.com link would open a thread that does not exist.
    /// </summary>
    private static Uri DeepLink(TurnContext turn, string channelId, string messageId)
    {
        var query = $"tenantId={Uri.EscapeDataString(turn.TenantId ?? string.Empty)}&parentMessageId={Uri.EscapeDataString(messageId)}";
        if (turn.Activity.ChannelData?.Team?.AadGroupId is { } group)
        {
            query += $"&groupId={Uri.EscapeDataString(group)}";
        }

        return new Uri($"https://teams.microsoft.com/l/message/{Uri.EscapeDataString(ConversationIds.Channel(channelId))}/{Uri.EscapeDataString(messageId)}?{query}");
    }
}
