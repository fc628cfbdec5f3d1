using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Infrastructure.Storage;

namespace TeamsDecisions.Infrastructure.Search;

/// <summary>
/// Keeps <see cref="DecisionIndex"/> in step with Table Storage: rebuilds it at start from every team's decision log
/// and open RFCs (searches meanwhile answer from what is indexed so far), re-reads each RFC this instance's store
/// signals as changed (visible within about 2 s), and every <see cref="SearchOptions.CatchUpInterval"/> re-reads the
/// RFCs other instances changed, from the change log.
/// </summary>
internal sealed class DecisionIndexer : BackgroundService
{
    /// <summary>Refresh the searcher at least this often during the rebuild, so early searches see what is indexed.</summary>
    private const int RefreshEvery = 500;

    private readonly DecisionIndex index;
    private readonly IRfcStore store;
    private readonly IConversationStore conversations;
    private readonly RfcChangeLog changeLog;
    private readonly SearchOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger<DecisionIndexer> logger;
    private readonly ChannelReader<RfcId> changes;
    private readonly ConcurrentDictionary<TeamId, string> tenants = new();
    private readonly Dictionary<RfcId, long> indexed = [];
    private readonly Lock gate = new();
    private DateTimeOffset? cursor;

    public DecisionIndexer(DecisionIndex index, IRfcStore store, IConversationStore conversations, RfcChangeLog changeLog, RfcChangeSignal signal, IOptions<SearchOptions> options, TimeProvider clock, ILogger<DecisionIndexer> logger)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(options);
        this.index = index;
        this.store = store;
        this.conversations = conversations;
        this.changeLog = changeLog;
        this.options = options.Value;
        this.clock = clock;
        this.logger = logger;

        // Subscribed before the first request, so no change made while the index is being rebuilt is missed.
        changes = signal.Subscribe();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var following = FollowAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested && !await TryAsync(RebuildAsync, stoppingToken).ConfigureAwait(false))
        {
            await Task.Delay(options.CatchUpInterval, clock, stoppingToken).ConfigureAwait(false);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.CatchUpInterval, clock, stoppingToken).ConfigureAwait(false);
            await TryAsync(CatchUpAsync, stoppingToken).ConfigureAwait(false);
        }

        await following.ConfigureAwait(false);
    }

    /// <summary>Indexes every team's decisions and open RFCs; the change-log cursor starts before the first read.</summary>
    internal async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        cursor ??= clock.GetUtcNow();
        var count = 0;
        foreach (var team in await conversations.ListTeamsAsync(cancellationToken).ConfigureAwait(false))
        {
            tenants[team.Team] = team.TenantId;
            var ids = new HashSet<RfcId>();
            foreach (var entry in await store.ListDecisionsAsync(team.Team, cancellationToken).ConfigureAwait(false))
            {
                ids.Add(entry.Rfc);
            }

            foreach (var state in (RfcState[])[RfcState.Open, RfcState.AwaitingDecision])
            {
                foreach (var summary in await store.ListAsync(team.Team, state, cancellationToken).ConfigureAwait(false))
                {
                    ids.Add(summary.Id);
                }
            }

            foreach (var id in ids)
            {
                await IndexAsync(id, sequence: null, cancellationToken).ConfigureAwait(false);
                if (++count % RefreshEvery == 0)
                {
                    index.Refresh();
                }
            }

            index.Refresh();
        }

        Log.Rebuilt(logger, count);
        return count;
    }

    /// <summary>One catch-up round: the RFCs the change log lists since the cursor (less the overlap), when newer than indexed.</summary>
    internal async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var from = (cursor ?? now) - options.CatchUpOverlap;
        var count = 0;
        foreach (var (id, sequence) in await changeLog.ReadAsync(from, now, cancellationToken).ConfigureAwait(false))
        {
            if (await IndexAsync(id, sequence, cancellationToken).ConfigureAwait(false))
            {
                count++;
            }
        }

        index.Refresh();
        cursor = now;
        return count;
    }

    /// <summary>Re-reads the RFC and puts (or removes) its document; skipped when <paramref name="sequence"/> is already indexed.</summary>
    internal async Task<bool> IndexAsync(RfcId id, long? sequence, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (sequence is { } s && indexed.TryGetValue(id, out var have) && have >= s)
            {
                return false;
            }
        }

        var rfc = await store.FindAsync(id, cancellationToken).ConfigureAwait(false);
        var tenant = rfc is null ? string.Empty : await TenantAsync(rfc.Team, cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            if (rfc is null)
            {
                index.Remove(id);
                indexed.Remove(id);
                return true;
            }

            if (indexed.TryGetValue(id, out var have) && have > rfc.LastSequence)
            {
                return false;
            }

            indexed[id] = rfc.LastSequence;
            if (rfc.Decision is not null || rfc.State is RfcState.Open or RfcState.AwaitingDecision)
            {
                index.Put(SearchDocument.From(rfc, tenant));
            }
            else
            {
                // Drafts are the author's alone; an RFC withdrawn before it was decided left no reasoning to find.
                index.Remove(id);
            }
        }

        return true;
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await changes.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var batch = new HashSet<RfcId>();
                while (batch.Count < RefreshEvery && changes.TryRead(out var id))
                {
                    batch.Add(id);
                }

                foreach (var id in batch)
                {
                    await TryAsync(ct => IndexAsync(id, sequence: null, ct), cancellationToken).ConfigureAwait(false);
                }

                index.Refresh();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<string> TenantAsync(TeamId team, CancellationToken cancellationToken)
    {
        if (tenants.TryGetValue(team, out var tenant))
        {
            return tenant;
        }

        // A team the app has no conversation for yet is indexed under no tenant (found by no one) until it is re-read.
        var found = await conversations.FindTeamAsync(team, cancellationToken).ConfigureAwait(false);
        return found is null ? string.Empty : tenants.GetOrAdd(team, found.TenantId);
    }

    /// <summary>A failed read is logged and retried by the next signal, round or rebuild: the index is only a read model.</summary>
    private async Task<bool> TryAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await work(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.IndexReadFailed(logger, ex);
            return false;
        }
    }
}
