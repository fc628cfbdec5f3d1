using Microsoft.Extensions.Options;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
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

    /// <summary>Between looks for channel cards that fell behind their RFC (the first look is at start-up).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Scheduler:CardHealInterval must be between 5 seconds and 1 hour.")]
    public TimeSpan CardHealInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Closes comment windows by themselves, through <see cref="RfcService.CloseDueWindowsAsync"/>: due times live in the
/// store, each due RFC is claimed before it is acted on so two instances never both act, and the decider's notice is
/// saved with the close (the notification outbox delivers it).
/// </summary>
internal sealed class WindowCloser(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SchedulerOptions> options, ChannelCardUpdater updater, NotificationNudge notices, ILogger<WindowCloser> logger) : PeriodicWorker(clock)
{
    public static readonly UserRef System = new("teamsdecisions-scheduler", "TeamsDecisions");
    private readonly string owner = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    protected override TimeSpan Interval => options.Value.WindowCheckInterval;

    /// <summary>One round: close every due window this instance can claim; returns how many it closed.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<RfcService>();
        var closed = await service.CloseDueWindowsAsync(System, owner, options.Value.ClaimDuration, 100, cancellationToken).ConfigureAwait(false);
        foreach (var result in closed)
        {
            updater.Request(result.Rfc.Id);
            notices.After(result);
        }

        return closed.Count;
    }

    protected override void RoundFailed(Exception exception) => Log.WindowCloserFailed(logger, exception);
}
