using Microsoft.Extensions.Options;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Notifications;

/// <summary>
/// Delivers the notification outbox: every due row is claimed (ETag) so one instance sends it, composed at send time,
/// paced (<see cref="DeliveryPacer"/>), sent, and marked sent with the Connector's activity id — a row that has one is
/// never sent again. A failed send is retried with back-off and given up after Notifications:MaxAttempts (kept as
/// Failed); a 429 waits for its Retry-After without using up an attempt. Runs every Notifications:DeliveryInterval,
/// and at once when <see cref="Nudge"/> says a command just enqueued something.
/// At least once, not exactly once: the Connector has no idempotency key for a new message, so a process that dies
/// after the Connector accepted a message and before the row says so (milliseconds) sends it again after the claim
/// expires. Every other retry — a failed try, a lost claim race, a replayed command, a second instance — sends nothing twice.
/// With Notifications:ActivityFeed, a sent personal notification is followed by a row of its own for the person's
/// activity feed, delivered the same way through Graph (<see cref="IActivityFeed"/>) instead of the Connector.
/// </summary>
internal sealed class NotificationDeliveryService(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<NotificationOptions> options,
    IOptions<BotOptions> bot,
    DeliveryPacer pacer,
    IEnumerable<INotificationComposer> composers,
    ILogger<NotificationDeliveryService> logger) : PeriodicWorker(clock)
{
    private readonly string owner = $"{Environment.MachineName}:{Guid.NewGuid():N}";
    private readonly Dictionary<string, INotificationComposer> byKind = composers.ToDictionary(c => c.Kind, StringComparer.Ordinal);
    private readonly SemaphoreSlim oneRound = new(1, 1);
    private DateTimeOffset nextSweep = DateTimeOffset.MinValue;

    protected override TimeSpan Interval => options.Value.DeliveryInterval;

    /// <summary>Something was just enqueued: deliver now rather than at the end of the interval.</summary>
    public void Nudge() => Wake();

    /// <summary>
    /// One round: send every due notification this instance can claim; returns how many were sent. Rounds of one
    /// instance never overlap: its claims carry one owner, so two rounds at once could each take the same row.
    /// </summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await oneRound.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RoundAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            oneRound.Release();
        }
    }

    private async Task<int> RoundAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var scope = scopes.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<INotificationOutbox>();
        var now = Clock.GetUtcNow();
        if (now >= nextSweep)
        {
            nextSweep = now + settings.SweepInterval;
            if (await outbox.SweepAsync(now - settings.KeepSentFor, cancellationToken).ConfigureAwait(false) is var recovered and > 0)
            {
                Log.NotificationsRecovered(logger, recovered);
            }
        }

        var sent = 0;
        foreach (var due in await outbox.ListDueAsync(now, settings.BatchSize, cancellationToken).ConfigureAwait(false))
        {
            var at = Clock.GetUtcNow();
            if (await outbox.TryClaimAsync(due.Id, owner, at, at + settings.ClaimDuration, cancellationToken).ConfigureAwait(false) is { } claimed
                && await DeliverAsync(scope.ServiceProvider, outbox, claimed, cancellationToken).ConfigureAwait(false))
            {
                sent++;
            }
        }

        return sent;
    }

    protected override void RoundFailed(Exception exception) => Log.DeliveryRoundFailed(logger, exception);

    private async Task<bool> DeliverAsync(IServiceProvider services, INotificationOutbox outbox, Notification notification, CancellationToken cancellationToken)
    {
        string? conversation = null;
        try
        {
            // A person's row (the digest) names its own endpoint and tenant; a team's row is sent where the team lives.
            var team = notification.Team == Notification.NoTeam
                ? null
                : await services.GetRequiredService<IConversationStore>().FindTeamAsync(notification.Team, cancellationToken).ConfigureAwait(false);
            var message = byKind.TryGetValue(notification.Kind, out var composer)
                ? await composer.ComposeAsync(notification, cancellationToken).ConfigureAwait(false)
                : throw new InvalidOperationException($"No composer knows notifications of kind '{notification.Kind}'.");
            var serviceUrl = notification.ServiceUrl ?? team?.ServiceUrl;
            var tenant = notification.TenantId ?? team?.TenantId;
            if (serviceUrl is null || tenant is null || message is null)
            {
                var reason = message is null ? "Nothing left to say: what it was about is gone." : "The app is not installed in the team any more.";
                await outbox.MarkCancelledAsync(notification.Id, reason, CancellationToken.None).ConfigureAwait(false);
                Log.NotificationCancelled(logger, notification.Id, reason);
                return false;
            }

            if (notification.Target is ActivityFeedTarget)
            {
                // Composed above only to learn that it is still worth saying (the person may have responded since).
                return await PostToActivityFeedAsync(services, outbox, notification, tenant, cancellationToken).ConfigureAwait(false);
            }

            var connector = services.GetRequiredService<IConnectorClient>();
            conversation = notification.ConversationId ?? await ConversationOfAsync(services, connector, notification, team, serviceUrl, tenant, cancellationToken).ConfigureAwait(false);
            await pacer.WaitTurnAsync(tenant, conversation, cancellationToken).ConfigureAwait(false);
            var activityId = await connector.SendAsync(serviceUrl, conversation, message, cancellationToken).ConfigureAwait(false);

            // Sent: from here on the row must say so, whatever the caller's token says.
            await outbox.MarkSentAsync(notification.Id, conversation, activityId, Clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            Log.NotificationSent(logger, notification.Id, conversation, activityId);
            await EnqueueActivityFeedAsync(outbox, notification, conversation, activityId).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await FailedAsync(outbox, notification, conversation, ex).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>
    /// Posts the feed entry of a personal notification already in the person's chat, through Graph, paced in the
    /// tenant's budget like a Connector call. Its row is cancelled if Notifications:ActivityFeed was switched off since.
    /// </summary>
    private async Task<bool> PostToActivityFeedAsync(IServiceProvider services, INotificationOutbox outbox, Notification notification, string tenant, CancellationToken cancellationToken)
    {
        var notice = options.Value.ActivityFeed
            ? await services.GetRequiredService<ActivityFeedComposer>().ComposeAsync(notification, cancellationToken).ConfigureAwait(false)
            : null;
        if (notice is null)
        {
            var reason = options.Value.ActivityFeed ? "Nothing left to say: what it was about is gone." : "Notifications:ActivityFeed is off.";
            await outbox.MarkCancelledAsync(notification.Id, reason, CancellationToken.None).ConfigureAwait(false);
            Log.NotificationCancelled(logger, notification.Id, reason);
            return false;
        }

        await pacer.WaitTurnAsync(tenant, null, cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<IActivityFeed>().NotifyAsync(notice, cancellationToken).ConfigureAwait(false);
        await outbox.MarkSentAsync(notification.Id, ((ActivityFeedTarget)notification.Target).ChatId, null, Clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        Log.ActivityFeedPosted(logger, notification.Id, notice.ActivityType);
        return true;
    }

    /// <summary>
    /// With Notifications:ActivityFeed, a personal notification just sent to the chat gets its feed entry as a row of
    /// its own (so it is retried on its own). The chat message is sent whatever happens here: a failure is only logged.
    /// </summary>
    private async Task EnqueueActivityFeedAsync(INotificationOutbox outbox, Notification notification, string chat, string? messageId)
    {
        if (!options.Value.ActivityFeed || notification.Target is not PersonTarget || ActivityFeedTypes.Of(notification) is null)
        {
            return;
        }

        try
        {
            await outbox.EnqueueAsync(notification.ToActivityFeed(chat, messageId, Clock.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
            Nudge();
        }
        catch (Exception ex)
        {
            Log.ActivityFeedNotEnqueued(logger, ex, notification.Id);
        }
    }

    /// <summary>Where the notification goes; a 1:1 chat is created (Teams returns the existing one) and kept on the row for retries.</summary>
    private async Task<string> ConversationOfAsync(IServiceProvider services, IConnectorClient connector, Notification notification, TeamConversation? installed, Uri serviceUrl, string tenant, CancellationToken cancellationToken)
    {
        if (notification.Target is ConversationTarget target)
        {
            return target.ConversationId;
        }

        var team = installed ?? throw new InvalidOperationException($"Notification {notification.Id} has no team to find its conversation in.");
        switch (notification.Target)
        {
            case RfcThreadTarget thread:
                var rfc = (thread.Of ?? notification.Rfc) is { } id ? await services.GetRequiredService<IRfcStore>().FindAsync(id, cancellationToken).ConfigureAwait(false) : null;
                return rfc?.Thread?.ConversationId ?? team.GeneralChannelId;
            case PersonTarget person:
                // Someone who has written to the bot in 1:1 has a known chat: Teams would return the same one, so
                // there is no need to spend a Connector call (and the tenant's budget) on asking for it.
                if (await services.GetRequiredService<IMeetingPromptStore>().FindConversationAsync(person.Person.Id, cancellationToken).ConfigureAwait(false) is { } known
                    && string.Equals(known.TenantId, tenant, StringComparison.OrdinalIgnoreCase))
                {
                    return known.ConversationId;
                }

                await pacer.WaitTurnAsync(tenant, null, cancellationToken).ConfigureAwait(false);
                var created = await connector.CreateConversationAsync(
                    serviceUrl,
                    new ConversationParameters(
                        IsGroup: false,
                        Bot: bot.Value.AppId is { Length: > 0 } appId ? new ChannelAccount { Id = "28:" + appId } : null,
                        TenantId: tenant,
                        ChannelData: new TeamsChannelData { Tenant = new TenantInfo(tenant) },
                        Activity: null,
                        Members: [new ChannelAccount { Id = person.TeamsUserId ?? person.Person.Id, Name = person.Person.DisplayName, AadObjectId = person.Person.Id }]),
                    cancellationToken).ConfigureAwait(false);
                var chat = created.Id ?? throw new ConnectorException("The Connector created the 1:1 chat but returned no id.", 200);
                await services.GetRequiredService<INotificationOutbox>().RememberConversationAsync(notification.Id, chat, cancellationToken).ConfigureAwait(false);
                return chat;
            default:
                throw new InvalidOperationException($"Unknown notification target {notification.Target.GetType().Name}.");
        }
    }

    private async Task FailedAsync(INotificationOutbox outbox, Notification notification, string? conversation, Exception ex)
    {
        var now = Clock.GetUtcNow();
        var reason = ex switch
        {
            ConnectorException or RetryLaterException or DependencyFailedException => ex.Message,
            _ => $"{ex.GetType().Name}: {ex.Message}",
        };
        if (ex is RetryLaterException { Status: 429, RetryAfter: { } graphAfter } && graphAfter > TimeSpan.Zero)
        {
            var retryAt = now + graphAfter;
            await outbox.MarkFailedAsync(notification.Id, reason, retryAt, countsAsAttempt: false, CancellationToken.None).ConfigureAwait(false);
            Log.ActivityFeedThrottled(logger, notification.Id, retryAt);
            return;
        }

        if (ex is ConnectorException { Status: 429, RetryAfter: { } after })
        {
            var retryAt = now + after;
            if (conversation is not null)
            {
                pacer.Hold(conversation, retryAt);
            }

            await outbox.MarkFailedAsync(notification.Id, reason, retryAt, countsAsAttempt: false, CancellationToken.None).ConfigureAwait(false);
            Log.NotificationThrottled(logger, notification.Id, retryAt);
            return;
        }

        var attempts = notification.Attempts + 1;
        if (attempts >= options.Value.MaxAttempts)
        {
            await outbox.MarkFailedAsync(notification.Id, reason, retryAt: null, countsAsAttempt: true, CancellationToken.None).ConfigureAwait(false);
            Log.NotificationGaveUp(logger, ex, notification.Id, attempts, reason);
            return;
        }

        var delay = Backoff(notification.Attempts);
        var next = now + (ex is RetryLaterException { RetryAfter: { } later } && later > delay ? later : delay);
        await outbox.MarkFailedAsync(notification.Id, reason, next, countsAsAttempt: true, CancellationToken.None).ConfigureAwait(false);
        Log.NotificationFailed(logger, ex, notification.Id, attempts, next);
    }

    /// <summary>FirstRetryDelay, doubled after each failure, up to MaxRetryDelay; ±20% jitter so instances spread out.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var settings = options.Value;
        var exponential = settings.FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Min(attempts, 20));
        var capped = Math.Min(exponential, settings.MaxRetryDelay.TotalSeconds);
        return TimeSpan.FromSeconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}
