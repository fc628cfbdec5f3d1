using TeamsDecisions.App.Bot;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.App.Notifications;

/// <summary>Builds the message of one <see cref="Notification.Kind"/> at send time, from its data and the RFC as it is then.</summary>
internal interface INotificationComposer
{
    string Kind { get; }

    /// <summary>The message to send; null when it is no longer worth sending (the row is then cancelled).</summary>
    Task<Activity?> ComposeAsync(Notification notification, CancellationToken cancellationToken);
}

/// <summary>The decider's "comment window closed" notice, with the tally and the open concerns, in the RFC's thread.</summary>
internal sealed class WindowClosedComposer(IRfcStore store) : INotificationComposer
{
    public string Kind => NotificationKinds.WindowClosed;

    public async Task<Activity?> ComposeAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Rfc is not { } id || await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } rfc)
        {
            return null;
        }

        // The card says what is open and what to do; the @mention above it makes Teams notify the decider.
        return MentionMessages.DeciderWindowClosed(rfc) with { Attachments = CardMessages.Message(ConversationCards.WindowClosed(rfc)).Attachments };
    }
}
