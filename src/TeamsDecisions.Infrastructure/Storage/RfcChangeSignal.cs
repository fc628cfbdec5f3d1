using System.Threading.Channels;
using TeamsDecisions.Core;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// Tells readers in this process which RFC a successful command just changed (the search index re-reads it). Silent
/// until something subscribes, so an app without search queues nothing; bounded, so a stalled reader cannot grow it
/// without limit (a dropped signal is caught up from the change log).
/// </summary>
internal sealed class RfcChangeSignal
{
    private const int Capacity = 10_000;
    private Channel<RfcId>? channel;

    public void Changed(RfcId id) => Volatile.Read(ref channel)?.Writer.TryWrite(id);

    /// <summary>The one reader of the signal; a second call returns the same reader.</summary>
    public ChannelReader<RfcId> Subscribe()
    {
        var created = Channel.CreateBounded<RfcId>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        return (Interlocked.CompareExchange(ref channel, created, null) ?? created).Reader;
    }
}
