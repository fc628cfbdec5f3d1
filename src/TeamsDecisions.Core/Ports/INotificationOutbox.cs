using TeamsDecisions.Core.Notifications;

namespace TeamsDecisions.Core.Ports;

/// <summary>
/// The one outbox every proactive message goes through. Notifications caused by an RFC command are written with the
/// command (see <see cref="RfcNotifications"/>); others are enqueued here, idempotent by id. Delivery is at least
/// once: a row is claimed with its ETag by one instance at a time, and a row that was sent is never sent again.
/// </summary>
public interface INotificationOutbox
{
    /// <summary>Adds <paramref name="notification"/> unless a row with its id exists; false when it was there already.</summary>
    Task<bool> EnqueueAsync(Notification notification, CancellationToken cancellationToken);

    Task<Notification?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Pending notifications whose not-before time has come, oldest first.</summary>
    Task<IReadOnlyList<Notification>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a due, pending row for <paramref name="owner"/> until <paramref name="until"/> and returns it as it now
    /// is; null when another instance holds it, or it is no longer pending or due.
    /// </summary>
    Task<Notification?> TryClaimAsync(string id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Keeps the conversation a notification goes to (a created 1:1 chat), so that a retry reuses it.</summary>
    Task RememberConversationAsync(string id, string conversationId, CancellationToken cancellationToken);

    Task MarkSentAsync(string id, string conversationId, string? activityId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed try. With <paramref name="retryAt"/> the row stays pending until then (<paramref name="countsAsAttempt"/>:
    /// false for a 429 with Retry-After); without it the row is kept as <see cref="NotificationStatus.Failed"/>.
    /// </summary>
    Task MarkFailedAsync(string id, string reason, DateTimeOffset? retryAt, bool countsAsAttempt, CancellationToken cancellationToken);

    Task MarkCancelledAsync(string id, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Moves notifications written with a command but not yet in the outbox (the process stopped right after the
    /// commit) into it, and deletes sent or cancelled rows older than <paramref name="purgeBefore"/>. Returns how many
    /// it moved.
    /// </summary>
    Task<int> SweepAsync(DateTimeOffset purgeBefore, CancellationToken cancellationToken);
}
