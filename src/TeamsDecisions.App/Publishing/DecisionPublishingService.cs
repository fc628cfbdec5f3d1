using Microsoft.Extensions.Options;
using TeamsDecisions.App.Bot;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Infrastructure.Publishing;

namespace TeamsDecisions.App.Publishing;

/// <summary>
/// Works the publishing outbox: every due entry is claimed (ETag) so only one instance publishes it, published
/// through the configured publisher (idempotent by page name), and marked published — or failing, with the reason
/// and the next attempt: Graph's Retry-After when it gave one, else exponential back-off up to hours. State lives
/// in the store, so a restart resumes where it stopped. Once published, the channel card shows the link.
/// </summary>
internal sealed class DecisionPublishingService(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<PublishingOptions> options,
    ChannelCardUpdater updater,
    ILogger<DecisionPublishingService> logger) : PeriodicWorker(clock)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly string owner = $"{Environment.MachineName}:{Guid.NewGuid():N}";
    private DateTimeOffset nextSweep = DateTimeOffset.MinValue;

    /// <summary>One round: publish every due entry this instance can claim; returns how many were published.</summary>
    protected override TimeSpan Interval => options.Value.PollInterval;

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IPublicationOutbox>();
        var now = Clock.GetUtcNow();
        if (now >= nextSweep)
        {
            nextSweep = now + options.Value.SweepInterval;
            await outbox.SweepAsync(cancellationToken).ConfigureAwait(false);
        }

        var published = 0;
        foreach (var entry in await outbox.ListDueAsync(now, 20, cancellationToken).ConfigureAwait(false))
        {
            // One instance per team at a time: the team's decisions share its log page.
            if (!await outbox.TryLeaseTeamAsync(entry.Rfc.Team, owner, now, now + Lease, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            try
            {
                if (await outbox.TryClaimAsync(entry.Rfc, owner, now, now + Lease, cancellationToken).ConfigureAwait(false)
                    && await PublishOneAsync(scope.ServiceProvider, entry, cancellationToken).ConfigureAwait(false))
                {
                    published++;
                }
            }
            finally
            {
                await outbox.ReleaseTeamAsync(entry.Rfc.Team, owner, CancellationToken.None).ConfigureAwait(false);
            }
        }

        return published;
    }

    protected override void RoundFailed(Exception exception) => Log.PublishingRoundFailed(logger, exception);

    private async Task<bool> PublishOneAsync(IServiceProvider services, Publication entry, CancellationToken cancellationToken)
    {
        var outbox = services.GetRequiredService<IPublicationOutbox>();
        var store = services.GetRequiredService<IRfcStore>();
        var publisher = services.GetRequiredService<IDecisionPublisher>();
        var conversations = services.GetRequiredService<IConversationStore>();
        var rfc = await store.FindAsync(entry.Rfc, cancellationToken).ConfigureAwait(false);
        if (rfc?.Decision is not { } decision)
        {
            return false;
        }

        try
        {
            var log = await store.ListDecisionsAsync(rfc.Team, cancellationToken).ConfigureAwait(false);
            var teamName = (await conversations.FindTeamAsync(rfc.Team, cancellationToken).ConfigureAwait(false))?.TeamName ?? "the team";
            var pages = await publisher.PublishAsync(decision, log, teamName, cancellationToken).ConfigureAwait(false);
            await outbox.MarkPublishedAsync(entry.Rfc, rfc.LastSequence, pages.Page, pages.Log, cancellationToken).ConfigureAwait(false);
            Log.DecisionPublished(logger, decision.Number.ToString(), rfc.Team.Value, pages.Page.AbsoluteUri);
            updater.Request(entry.Rfc);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var delay = ex is RetryLaterException { RetryAfter: { } after } && after > TimeSpan.Zero ? after : Backoff(entry.Attempts);
            var next = Clock.GetUtcNow() + delay;
            var reason = Describe(ex);
            await outbox.MarkFailedAsync(entry.Rfc, reason, next, cancellationToken).ConfigureAwait(false);
            Log.DecisionPublishFailed(logger, ex, decision.Number.ToString(), rfc.Team.Value, entry.Attempts + 1, next);
            updater.Request(entry.Rfc);
            return false;
        }
    }

    /// <summary>30 s, 1 min, 2 min … up to Publishing:MaxRetryDelay (6 h), with ±20% jitter so instances spread out.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var settings = options.Value;
        var exponential = settings.FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Min(attempts, 20));
        var capped = Math.Min(exponential, settings.MaxRetryDelay.TotalSeconds);
        return TimeSpan.FromSeconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    private static string Describe(Exception ex) => ex switch
    {
        RetryLaterException deferred => deferred.Message,
        DependencyFailedException failed => failed.Message,
        TaskCanceledException or TimeoutException => "SharePoint did not answer in time.",
        HttpRequestException http => $"SharePoint could not be reached ({http.Message}).",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
