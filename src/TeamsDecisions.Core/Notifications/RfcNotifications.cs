using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Notifications;

/// <summary>
/// Which proactive messages a command's events cause. The store writes them in the same transaction as the events,
/// so a command that is saved has its notifications saved with it, and one that is not has none.
/// </summary>
public static class RfcNotifications
{
    /// <summary>The notifications <paramref name="events"/> cause, for <paramref name="rfc"/> as it is after them.</summary>
    public static IReadOnlyList<Notification> For(Rfc rfc, IReadOnlyList<RfcEvent> events)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        ArgumentNullException.ThrowIfNull(events);
        List<Notification>? found = null;
        foreach (var e in events)
        {
            if (e is CommentWindowClosed)
            {
                // The clock closed the window: the decider did not do it and must be told. Closing early is the
                // decider's own act and needs no notice.
                (found ??= []).Add(Notification.WindowClosed(rfc.Id, e.Sequence, e.At));
            }
        }

        return found ?? (IReadOnlyList<Notification>)[];
    }

    /// <summary>Whether any of <paramref name="events"/> causes a notification.</summary>
    public static bool AnyIn(IEnumerable<RfcEvent> events) => events.Any(e => e is CommentWindowClosed);
}
