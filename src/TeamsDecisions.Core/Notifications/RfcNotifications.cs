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
            switch (e)
            {
                case CommentWindowClosed:
                    // The clock closed the window: the decider did not do it and must be told. Closing early is the
                    // decider's own act and needs no notice.
                    (found ??= []).Add(Notification.WindowClosed(rfc.Id, e.Sequence, e.At));
                    break;
                case ThreadAttached:
                    // Saved with the thread itself, so the request can always name it: a crash after the post but before
                    // the thread is recorded leaves an RFC without a thread, whose retry posts (and requests) again.
                    (found ??= []).Add(Notification.ReviewRequest(rfc.Id, e.Sequence, e.At));
                    break;
                case RfcResolved resolved:
                    // An author who decided their own RFC needs no word of it.
                    if (!rfc.Author.Is(rfc.Decider))
                    {
                        (found ??= []).Add(Notification.Resolved(rfc.Id, e.Sequence, e.At));
                    }

                    if (resolved is { Supersedes: not null, SupersedesRfc: { } old })
                    {
                        (found ??= []).Add(Notification.Superseded(rfc.Id, old, e.Sequence, e.At));
                    }

                    break;
                default:
                    break;
            }
        }

        return found ?? (IReadOnlyList<Notification>)[];
    }

    /// <summary>Whether any of <paramref name="events"/> may cause a notification (a resolution by its own author causes none unless it supersedes).</summary>
    public static bool AnyIn(IEnumerable<RfcEvent> events) => events.Any(e => e is CommentWindowClosed or ThreadAttached or RfcResolved);
}
