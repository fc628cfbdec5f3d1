using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace TeamsDecisions.Testing;

/// <summary>
/// A FakeTimeProvider that reports each wait the code under test starts on it (Task.Delay with this clock: Graph's
/// Retry-After, a worker's interval), so a test moves time on only once something is waiting, never before — a timer
/// started after Advance counts from the new now, and the move would be lost. Timeouts (a CancellationTokenSource on
/// this clock) arm their timers without a due time and are not reported; neither are waits under a millisecond, which
/// Task.Delay completes at once. (TeamsDecisions.Teams.Tests keeps its own: it references nothing of the RFC side.)
/// </summary>
public sealed class WaitingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Channel<TimeSpan> waits = Channel.CreateUnbounded<TimeSpan>();
    private readonly ConcurrentQueue<TimeSpan> started = new();

    /// <summary>Every wait started on this clock so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => [.. started];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            started.Enqueue(dueTime);
            waits.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>
    /// Completes once the code under test has started a wait of exactly <paramref name="length"/> (waits of other
    /// lengths, such as background workers' intervals on a shared app clock, are passed over).
    /// </summary>
    public async Task WaitStartedAsync(TimeSpan length)
    {
        // Real time, so that code which never waits on this clock fails the test instead of hanging it.
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            while (await waits.Reader.ReadAsync(patience.Token).ConfigureAwait(false) != length)
            {
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No wait of {length} started on the fake clock within {Patience.TotalSeconds:F0} real seconds; waits started: [{string.Join(", ", Waits)}].");
        }
    }

    /// <summary><paramref name="times"/> times: once a wait of <paramref name="length"/> has started, lets exactly that much time pass.</summary>
    public async Task ElapseWaitsAsync(TimeSpan length, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await WaitStartedAsync(length).ConfigureAwait(false);
            Advance(length);
        }
    }
}
