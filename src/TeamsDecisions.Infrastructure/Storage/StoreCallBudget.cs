using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// The time a person's card action or command has left, for the store calls made on its behalf. Set by the invoke
/// path (<see cref="Begin"/>); background work sets nothing and keeps the SDK's longer retries. Measured on the
/// machine's monotonic clock, because it bounds real network waits.
/// </summary>
public static class StoreCallBudget
{
    private static readonly AsyncLocal<long?> Deadline = new();

    /// <summary>What is left, or null outside a budgeted call.</summary>
    public static TimeSpan? Remaining => Deadline.Value is { } deadline ? Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline) : null;

    /// <summary>Store calls made from here on (in this async flow) share <paramref name="budget"/>.</summary>
    public static IDisposable Begin(TimeSpan budget)
    {
        var previous = Deadline.Value;
        Deadline.Value = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        return new Restore(previous);
    }

    /// <summary>Runs the following calls (a batch of several people's commands) under the latest of their deadlines.</summary>
    internal static IDisposable Continue(long? deadline)
    {
        var previous = Deadline.Value;
        Deadline.Value = deadline;
        return new Restore(previous);
    }

    internal static long? Current => Deadline.Value;

    private static readonly AsyncLocal<SendProbe?> Probe = new();

    /// <summary>Watches the next store call(s) in this async flow for whether a request may have reached the store.</summary>
    internal static SendProbe Watch()
    {
        var probe = new SendProbe();
        Probe.Value = probe;
        return probe;
    }

    internal static SendProbe? Watching => Probe.Value;

    private sealed class Restore(long? previous) : IDisposable
    {
        public void Dispose() => Deadline.Value = previous;
    }
}

/// <summary>
/// The SDK's retries, bounded by the caller's budget when there is one: short, growing delays (0.1 s doubling, at
/// most a quarter of what is left) and as many tries as fit, each with a network timeout no longer than what is
/// left; so a store that comes back within the budget is found again in time. Without a budget (background work):
/// the SDK's usual exponential back-off from 0.8 s, 3 retries.
/// </summary>
internal sealed class BudgetedRetryPolicy() : RetryPolicy(maxRetries: 3, new BudgetedDelay())
{
    private const int BudgetedMaxRetries = 12;
    private static readonly TimeSpan Useful = TimeSpan.FromMilliseconds(150);

    protected override bool ShouldRetry(HttpMessage message, Exception? exception) => Decide(message, exception, base.ShouldRetry(message, exception));

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) => Decide(message, exception, await base.ShouldRetryAsync(message, exception).ConfigureAwait(false));

    protected override void OnRequestSent(HttpMessage message)
    {
        StoreCallBudget.Watching?.Answered();
        base.OnRequestSent(message);
    }

    protected override ValueTask OnRequestSentAsync(HttpMessage message)
    {
        StoreCallBudget.Watching?.Answered();
        return base.OnRequestSentAsync(message);
    }

    protected override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        StoreCallBudget.Watching?.Sending();
        if (StoreCallBudget.Remaining is { } left && left > TimeSpan.Zero && (message.NetworkTimeout is not { } timeout || left < timeout))
        {
            message.NetworkTimeout = left;
        }

        message.SetProperty(typeof(BudgetedRetryPolicy), Tries(message) + 1);
        base.OnSendingRequest(message);
    }

    /// <summary>How many times this message was sent so far (the SDK keeps its own count to itself).</summary>
    private static int Tries(HttpMessage message) => message.TryGetProperty(typeof(BudgetedRetryPolicy), out var tries) && tries is int n ? n : 0;

    private static bool Decide(HttpMessage message, Exception? exception, bool sdkWouldRetry)
    {
        StoreCallBudget.Watching?.Failed(exception);
        if (StoreCallBudget.Remaining is not { } left)
        {
            return sdkWouldRetry;
        }

        // With a budget the SDK's count of 3 gives way to time: keep trying what it would retry while a try can
        // still answer in time.
        var retries = Tries(message) - 1;
        var retriable = sdkWouldRetry || (retries >= 3 && !message.CancellationToken.IsCancellationRequested
            && (exception is null ? message.HasResponse && message.ResponseClassifier.IsRetriableResponse(message) : message.ResponseClassifier.IsRetriable(message, exception)));
        return retriable && retries < BudgetedMaxRetries && left > Useful;
    }

    private sealed class BudgetedDelay() : DelayStrategy(maxDelay: TimeSpan.FromSeconds(8), jitterFactor: 0.2)
    {
        protected override TimeSpan GetNextDelayCore(Azure.Response? response, int retryNumber)
        {
            if (StoreCallBudget.Remaining is not { } left)
            {
                return TimeSpan.FromSeconds(0.8 * (1 << Math.Min(Math.Max(retryNumber - 1, 0), 4)));
            }

            var grown = TimeSpan.FromMilliseconds(100 * (1 << Math.Min(Math.Max(retryNumber - 1, 0), 5)));
            return grown < left / 4 ? grown : left / 4;
        }
    }
}

/// <summary>
/// Whether any try of a store call may have reached the store: a try that was refused at connect never did; a try
/// that got an answer, failed otherwise, or was still on the wire when the call was cancelled may have.
/// </summary>
internal sealed class SendProbe
{
    private int inFlight;
    private int maybeDelivered;
    private int tries;

    /// <summary>How many times the call was sent (the SDK resends on timeouts and 5xx).</summary>
    public int Tries => Volatile.Read(ref tries);

    public bool MaybeDelivered => Volatile.Read(ref maybeDelivered) == 1 || Volatile.Read(ref inFlight) == 1;

    public void Sending()
    {
        Interlocked.Increment(ref tries);
        Volatile.Write(ref inFlight, 1);
    }

    public void Answered()
    {
        Volatile.Write(ref maybeDelivered, 1);
        Volatile.Write(ref inFlight, 0);
    }

    public void Failed(Exception? exception)
    {
        if (exception is null || !RefusedAtConnect(exception))
        {
            Volatile.Write(ref maybeDelivered, 1);
        }

        Volatile.Write(ref inFlight, 0);
    }

    private static bool RefusedAtConnect(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }
}
