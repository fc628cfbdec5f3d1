namespace TeamsDecisions.App;

/// <summary>
/// The one loop for background work that runs every so often (closing windows, publishing pages, scanning
/// calendars): a round, then a wait on the injected clock; a failed round is logged and the next one runs anyway.
/// </summary>
internal abstract class PeriodicWorker(TimeProvider clock) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;

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

            try
            {
                await Task.Delay(Interval, Clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
