using System.Threading.Channels;

namespace TeamsDecisions.App;

/// <summary>
/// The one loop for background work that runs every so often (closing windows, publishing pages, scanning
/// calendars): a round, then a wait on the injected clock; a failed round is logged and the next one runs anyway.
/// <see cref="Wake"/> ends the wait early, for work that was just enqueued and should not wait a whole interval.
/// </summary>
internal abstract class PeriodicWorker(TimeProvider clock) : BackgroundService
{
    // One pending wake is enough: a round takes everything that is due.
    private readonly Channel<bool> wakes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected TimeProvider Clock { get; } = clock;

    /// <summary>Runs the next round now rather than at the end of the interval (a no-op when switched off).</summary>
    protected void Wake() => wakes.Writer.TryWrite(true);

    /// <summary>Between the end of one round and the start of the next.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>False when the work is switched off by configuration: the worker then never runs a round.</summary>
    protected virtual bool Enabled => true;

    /// <summary>One round; returns how many things it did (for tests and logs).</summary>
    public abstract Task<int> RunOnceAsync(CancellationToken cancellationToken);

    protected abstract void RoundFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                RoundFailed(ex);
            }

            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = Task.Delay(Interval, Clock, waiting.Token);
            var woken = wakes.Reader.ReadAsync(waiting.Token).AsTask();
            await Task.WhenAny(delay, woken).ConfigureAwait(false);
            await waiting.CancelAsync().ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
