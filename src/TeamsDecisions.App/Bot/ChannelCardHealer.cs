using Microsoft.Extensions.Options;
using TeamsDecisions.Core.Ports;

namespace TeamsDecisions.App.Bot;

/// <summary>
/// Finds channel cards that show an older state than the one stored (the process stopped between a change and its
/// card update, or Teams refused the update) and asks the updater for them: once at start-up, then every
/// <see cref="SchedulerOptions.CardHealInterval"/>. Requests are paced, because Teams allows a bot only so many
/// operations per second across all conversations.
/// </summary>
internal sealed class ChannelCardHealer(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SchedulerOptions> options, ChannelCardUpdater updater, ILogger<ChannelCardHealer> logger) : PeriodicWorker(clock)
{
    /// <summary>Between two healed cards: well under Teams' per-bot rate limits even with other traffic.</summary>
    public static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(200);

    protected override TimeSpan Interval => options.Value.CardHealInterval;

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var behind = await scope.ServiceProvider.GetRequiredService<IRfcStore>().ListChannelCardsBehindAsync(500, cancellationToken).ConfigureAwait(false);
        foreach (var id in behind)
        {
            updater.Request(id);
            await Task.Delay(Pace, Clock, cancellationToken).ConfigureAwait(false);
        }

        if (behind.Count > 0)
        {
            Log.CardsHealed(logger, behind.Count);
        }

        return behind.Count;
    }

    protected override void RoundFailed(Exception exception) => Log.CardHealFailed(logger, exception);
}
