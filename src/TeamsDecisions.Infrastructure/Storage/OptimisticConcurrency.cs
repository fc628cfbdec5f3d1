using Azure;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// The one read–decide–write loop for Table Storage rows guarded by ETags. Each attempt reads what it needs and
/// writes with the ETags it read; when another writer got there first (409 on an insert, 412 on a stale ETag, 404
/// on a row deleted meanwhile) the attempt is run again after a jittered back-off, a bounded number of times.
/// </summary>
internal static class OptimisticConcurrency
{
    /// <summary>
    /// Runs <paramref name="attempt"/> until it completes without losing a race; after <paramref name="attempts"/>
    /// lost races the answer is <paramref name="gaveUp"/>'s (which may throw).
    /// </summary>
    public static async Task<T> RunAsync<T>(int attempts, Func<CancellationToken, Task<T>> attempt, Func<T> gaveUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(gaveUp);
        for (var i = 1; i <= attempts; i++)
        {
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412 && ex.ErrorCode != TableRecovery.TableNotFound)
            {
            }

            await BackOffAsync(i, cancellationToken).ConfigureAwait(false);
        }

        return gaveUp();
    }

    /// <summary>The same loop for writes whose only answer is done.</summary>
    public static Task RunAsync(int attempts, Func<CancellationToken, Task> attempt, CancellationToken cancellationToken) =>
        RunAsync(attempts, async ct => { await attempt(ct).ConfigureAwait(false); return true; }, () => false, cancellationToken);

    /// <summary>Exponential back-off with full jitter, capped at a quarter second.</summary>
    public static Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        var ceiling = Math.Min(250, 5 * (1 << Math.Min(attempt, 6)));
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, ceiling)), cancellationToken);
    }
}
