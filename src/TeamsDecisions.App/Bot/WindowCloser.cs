using Microsoft.Extensions.Options;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.App.Bot;

/// <summary>How often the app looks for comment windows that have closed.</summary>
public sealed class SchedulerOptions
{
    public const string SectionName = "Scheduler";

    /// <summary>Between checks for due comment windows.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Scheduler:WindowCheckInterval must be between 1 second and 1 hour.")]
    public TimeSpan WindowCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an instance holds its claim on a due RFC while it closes it.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:10", "01:00:00", ErrorMessage = "Scheduler:ClaimDuration must be between 10 seconds and 1 hour.")]
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Closes comment windows by themselves. Due times live in the store (DueWindows); each due RFC is claimed with an
/// ETag before it is acted on, so two instances never both act; the close itself is an ETag-guarded command that
/// produces its CommentWindowClosed event once, and only the instance whose command produced it tells the decider.
/// </summary>
internal sealed class WindowCloser(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SchedulerOptions> options, ChannelCardUpdater updater, ILogger<WindowCloser> logger) : BackgroundService
{
    public static readonly UserRef System = new("teamsdecisions-scheduler", "TeamsDecisions");
    private readonly string owner = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    /// <summary>One round: close every due window this instance can claim; returns how many it closed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IRfcStore>();
        var now = clock.GetUtcNow();
        var closed = 0;
        foreach (var due in await store.ListDueAsync(now, 100, cancellationToken).ConfigureAwait(false))
        {
            if (!await store.TryClaimDueAsync(due.Id, owner, now, now + options.Value.ClaimDuration, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var context = new CommandContext(System, $"close-window:{due.ClosesAt?.UtcTicks}");
            var result = await store.ExecuteAsync(due.Id, context, rfc => rfc.CloseWindowIfDue(now), cancellationToken).ConfigureAwait(false);
            if (!result.ClosedTheWindow)
            {
                continue;
            }

            closed++;
            updater.Request(due.Id);
            await scope.ServiceProvider.GetRequiredService<DeciderNotifier>().WindowClosedAsync(result.Rfc, cancellationToken).ConfigureAwait(false);
        }

        return closed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.WindowCloserFailed(logger, ex);
            }

            try
            {
                await Task.Delay(options.Value.WindowCheckInterval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

}
