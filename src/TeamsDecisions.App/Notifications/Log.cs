namespace TeamsDecisions.App.Notifications;

internal static partial class Log
{
    [LoggerMessage(7001, LogLevel.Information, "Sent notification {Notification} to {Conversation} as {ActivityId}")]
    public static partial void NotificationSent(ILogger logger, string notification, string conversation, string? activityId);

    [LoggerMessage(7002, LogLevel.Warning, "Sending notification {Notification} failed (attempt {Attempt}); next attempt at {NextAttempt}")]
    public static partial void NotificationFailed(ILogger logger, Exception exception, string notification, int attempt, DateTimeOffset nextAttempt);

    [LoggerMessage(7003, LogLevel.Error, "Gave up notification {Notification} after {Attempts} attempts; it is kept as Failed: {Reason}")]
    public static partial void NotificationGaveUp(ILogger logger, Exception exception, string notification, int attempts, string reason);

    [LoggerMessage(7004, LogLevel.Warning, "The Connector throttled notification {Notification} (429); it waits until {NextAttempt} as Retry-After asked")]
    public static partial void NotificationThrottled(ILogger logger, string notification, DateTimeOffset nextAttempt);

    [LoggerMessage(7005, LogLevel.Information, "Cancelled notification {Notification}: {Reason}")]
    public static partial void NotificationCancelled(ILogger logger, string notification, string reason);

    [LoggerMessage(7006, LogLevel.Error, "A notification delivery round failed; retrying next round")]
    public static partial void DeliveryRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(7007, LogLevel.Warning, "Moved {Count} notifications left behind by a stopped instance into the outbox")]
    public static partial void NotificationsRecovered(ILogger logger, int count);

    [LoggerMessage(7008, LogLevel.Error, "A reminder scan failed; retrying next round")]
    public static partial void ReminderScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(7009, LogLevel.Warning, "Reminders of team {Team} were skipped this round")]
    public static partial void ReminderTeamSkipped(ILogger logger, Exception exception, string team);

    [LoggerMessage(7011, LogLevel.Error, "A digest scan failed; retrying next round")]
    public static partial void DigestScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(7012, LogLevel.Warning, "The digest of {User} was skipped this round")]
    public static partial void DigestSkipped(ILogger logger, Exception exception, string user);

    [LoggerMessage(7013, LogLevel.Information, "Posted notification {Notification} to the person's activity feed as {ActivityType}")]
    public static partial void ActivityFeedPosted(ILogger logger, string notification, string activityType);

    [LoggerMessage(7014, LogLevel.Warning, "Microsoft Graph throttled the activity feed entry {Notification} (429); it waits until {NextAttempt} as Retry-After asked")]
    public static partial void ActivityFeedThrottled(ILogger logger, string notification, DateTimeOffset nextAttempt);

    [LoggerMessage(7015, LogLevel.Error, "Notification {Notification} was sent to the chat, but its activity feed entry could not be enqueued; the feed will not show it")]
    public static partial void ActivityFeedNotEnqueued(ILogger logger, Exception exception, string notification);
}
