using Microsoft.Extensions.Options;
using TeamsDecisions.App.Bot;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Teams;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.App.Notifications;

/// <summary>
/// Enqueues each subscriber's next daily digest (<see cref="DigestPolicy"/>: 09:00 on their working days, their clock)
/// every Notifications:ReminderScanInterval. The row is keyed on the person and the day, so a second scan, instance
/// or restart adds nothing, and it waits in the outbox until its 09:00. The person's zone and working days are their
/// mailbox's (Graph) when known, else the zone their Teams client had when they said "digest on", Monday to Friday.
/// </summary>
internal sealed class DigestScheduler(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<NotificationOptions> options,
    NotificationDeliveryService delivery,
    ILogger<DigestScheduler> logger) : PeriodicWorker(clock)
{
    protected override TimeSpan Interval => options.Value.ReminderScanInterval;

    protected override bool Enabled => options.Value.Digests;

    /// <summary>One scan; returns how many digests it enqueued.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var outbox = services.GetRequiredService<INotificationOutbox>();
        var personal = services.GetRequiredService<IPersonalWorkingTime>();
        var enqueued = 0;
        foreach (var subscription in await services.GetRequiredService<IDigestSubscriptions>().ListAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var calendar = await personal.FindAsync(subscription.Person, cancellationToken).ConfigureAwait(false) ?? Calendar(subscription);
                var now = Clock.GetUtcNow();
                var (day, at) = DigestPolicy.Next(calendar, now);
                if (await outbox.EnqueueAsync(DigestPolicy.Notification(subscription, day, at, now), cancellationToken).ConfigureAwait(false))
                {
                    enqueued++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.DigestSkipped(logger, ex, subscription.Conversation.UserId);
            }
        }

        if (enqueued > 0)
        {
            delivery.Nudge();
        }

        return enqueued;
    }

    protected override void RoundFailed(Exception exception) => Log.DigestScanFailed(logger, exception);

    private static WorkingTime Calendar(DigestSubscription subscription) => new(
        TeamSettings.TryFindIanaZone(subscription.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc,
        WeekDaysExtensions.MondayToFriday,
        new TimeOnly(8, 0),
        new TimeOnly(18, 0));
}

/// <summary>
/// The daily digest, built at 09:00 from the RFCs as they are then: cancelled (null) when the person said "digest
/// off" meanwhile, or when nothing waits on them (a digest that says "nothing" every morning teaches people to ignore it).
/// </summary>
internal sealed class DigestComposer(IServiceScopeFactory scopes, TimeProvider clock) : INotificationComposer
{
    public string Kind => NotificationKinds.Digest;

    public async Task<Activity?> ComposeAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        if (notification.Data is not { Length: > 0 } userId
            || await services.GetRequiredService<IDigestSubscriptions>().FindAsync(userId, cancellationToken).ConfigureAwait(false) is not { } subscription)
        {
            return null;
        }

        var queue = await services.GetRequiredService<QueueReader>().AcrossTeamsAsync(subscription.Person, subscription.Conversation.TenantId, cancellationToken).ConfigureAwait(false);
        return queue.Items.Count == 0
            ? null
            : CardMessages.Message(QueueCards.Build(subscription.Person, queue.Items, QueueAudience.Digest, clock.GetUtcNow(), queue.TeamNames, digestOn: true, teamsNotChecked: queue.TeamsNotChecked));
    }
}
