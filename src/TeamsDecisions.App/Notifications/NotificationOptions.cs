using System.ComponentModel.DataAnnotations;

namespace TeamsDecisions.App.Notifications;

/// <summary>How the notification outbox is delivered: how often, how fast, and how patiently.</summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string SectionName = "Notifications";

    /// <summary>Between delivery rounds; a command that enqueued something also starts one at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Notifications:DeliveryInterval must be between 0.1 second and 10 minutes.")]
    public TimeSpan DeliveryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Between sweeps for notifications left in an RFC's partition by a crash, and purges of old sent rows.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00", ErrorMessage = "Notifications:SweepInterval must be between 5 seconds and 1 day.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an instance holds a notification while it sends it; longer than a Connector call with its retries (Bot:ConnectorTotalTimeout).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00", ErrorMessage = "Notifications:ClaimDuration must be between 10 seconds and 1 hour.")]
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Failed sends before a notification is given up (kept as Failed, with the last error).</summary>
    [Range(1, 100, ErrorMessage = "Notifications:MaxAttempts must be between 1 and 100.")]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed send; doubled after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Notifications:FirstRetryDelay must be between 0.1 second and 1 hour.")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Notifications:MaxRetryDelay must be between 1 second and 1 day.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Teams accepts at most 7 messages per second from a bot in one conversation (more are answered 429).</summary>
    [Range(1, 7, ErrorMessage = "Notifications:PerConversationPerSecond must be between 1 and 7 (Teams' limit per conversation).")]
    public int PerConversationPerSecond { get; set; } = 7;

    /// <summary>The app's budget of Connector requests per second in one tenant.</summary>
    [Range(1, 50, ErrorMessage = "Notifications:PerTenantPerSecond must be between 1 and 50.")]
    public int PerTenantPerSecond { get; set; } = 50;

    /// <summary>Notifications taken per round.</summary>
    [Range(1, 1000, ErrorMessage = "Notifications:BatchSize must be between 1 and 1000.")]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long sent rows are kept (their activity id is what makes a re-enqueued notification a no-op).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00", ErrorMessage = "Notifications:KeepSentFor must be between 1 hour and 365 days.")]
    public TimeSpan KeepSentFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>False switches the response-norm reminders off: no scan, nothing new enqueued (those already enqueued still go, unless their composer cancels them).</summary>
    public bool Reminders { get; set; } = true;

    /// <summary>False switches the daily digest off for everyone: no scan, nothing new enqueued (subscriptions are kept).</summary>
    public bool Digests { get; set; } = true;


    /// <summary>
    /// True: a personal notification (a reminder) sent to the person's 1:1 chat also gets an entry in their Teams
    /// activity feed (Graph sendActivityNotification; needs a Graph identity with TeamsActivity.Send). False: none, and
    /// feed entries still in the outbox are cancelled.
    /// </summary>
    public bool ActivityFeed { get; set; }

    /// <summary>Between scans for due reminders and digests; a reminder waits at most this long past its time (then for working hours).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Notifications:ReminderScanInterval must be between 1 second and 1 day.")]
    public TimeSpan ReminderScanInterval { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FirstRetryDelay > MaxRetryDelay)
        {
            yield return new ValidationResult("Notifications:FirstRetryDelay must not be longer than Notifications:MaxRetryDelay.", [nameof(FirstRetryDelay), nameof(MaxRetryDelay)]);
        }
    }
}
