using TeamsDecisions.App.Notifications;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;

namespace TeamsDecisions.App.Bot;

/// <summary>
/// Starts notification delivery right after a command whose events caused a notification: the decider's "window
/// closed" notice (by the window closer, or by a person whose late comment or concern closed it first), the review
/// request when the RFC's thread is attached, the author's and the superseded decision's notices on a resolution.
/// The notice itself was saved with the command (see <see cref="RfcNotifications"/>) and goes out through the
/// notification outbox; this only makes it go within seconds rather than at the next delivery round.
/// </summary>
internal sealed class NotificationNudge(NotificationDeliveryService delivery)
{
    public void After(RfcCommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);

        // A replay may have moved a notification a crash left behind.
        if (result.AlreadyApplied || RfcNotifications.AnyIn(result.Events))
        {
            delivery.Nudge();
        }
    }
}
