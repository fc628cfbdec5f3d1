using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace TeamsDecisions.Teams.Tests.Support;

/// <summary>
/// A FakeTimeProvider that reports each wait the code under test starts on it (Task.Delay with this clock: back-off,
/// Retry-After), so a test moves time on only once something is waiting, never before. Timeouts (a
/// CancellationTokenSource on this clock) arm their timers without a due time and are not reported. Neither are
/// waits under a millisecond: Task.Delay completes those at once, without a timer.
/// </summary>
internal sealed class WaitingClock : FakeTimeProvider
{
    private readonly Channel<TimeSpan> waits = Channel.CreateUnbounded<TimeSpan>();

    public WaitingClock()
        : base(Sample.Now)
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            waits.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>The length of the next wait, once the code under test has started it.</summary>
    public async Task<TimeSpan> NextWaitAsync()
    {
        // Real time, so that code which never waits on this clock fails the test instead of hanging it.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            return await waits.Reader.ReadAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            throw new AssertFailedException("Nothing started waiting on the injected clock within 10 real seconds.");
        }
    }

    /// <summary>Waits for the next wait to start, lets exactly that much time pass, and says how long it was.</summary>
    public async Task<TimeSpan> ElapseNextWaitAsync()
    {
        var wait = await NextWaitAsync();
        Advance(wait);
        return wait;
    }
}
