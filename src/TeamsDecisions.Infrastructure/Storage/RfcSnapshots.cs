using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>An RFC as loaded or as last written by this instance, with the ETag of its header row at that moment. Never mutated.</summary>
internal sealed record RfcSnapshot(Rfc Rfc, ETag ETag)
{
    /// <summary>A private copy to run commands on; the snapshot itself stays as it was (callers may be rendering it).</summary>
    public Rfc Copy() => Rfc.Copy();
}

/// <summary>
/// Loads RFCs and keeps the most recently used ones in memory, each valid exactly while its header row's ETag is
/// unchanged: a write builds on the cached copy and is refused (412) if another writer changed the RFC, and a read
/// checks the header alone before trusting the copy. So a vote never re-reads every ballot, and the cost of a vote
/// does not grow with the number of ballots.
/// </summary>
internal sealed class RfcSnapshots(TableStorageContext tables)
{
    /// <summary>An RFC with 1,000 voters is about 1 MB in memory; this bounds the cache to tens of MB.</summary>
    private const int Capacity = 64;

    private readonly ConcurrentDictionary<string, Entry> cache = new(StringComparer.Ordinal);
    private long clock;

    /// <summary>The cached snapshot without asking the store, for writers (the commit's ETag check is the validation).</summary>
    public RfcSnapshot? Cached(RfcId id)
    {
        if (cache.TryGetValue(TableKeys.RfcPartition(id), out var entry))
        {
            entry.LastUsed = Interlocked.Increment(ref clock);
            return entry.Snapshot;
        }

        return null;
    }

    /// <summary>The RFC's own row (its header), or null when the RFC does not exist.</summary>
    public Task<TableEntity?> ReadHeaderAsync(RfcId id, CancellationToken cancellationToken) =>
        TableRead.GetAsync(tables.Rfcs, TableKeys.RfcPartition(id), TableKeys.RfcRow, cancellationToken);

    /// <summary>The current RFC: one read of its header when the cached copy is still current, else a full load.</summary>
    public Task<RfcSnapshot?> ReadAsync(RfcId id, CancellationToken cancellationToken) =>
        ReadAsync(id, (cached, header) => cached.ETag == header.ETag ? cached : null, cancellationToken);

    /// <summary>
    /// After a refused write: when the header moved but no command ran (same sequence), the cached copy is still the
    /// RFC and only its ETag changed; otherwise the RFC is loaded again.
    /// </summary>
    public Task<RfcSnapshot?> RevalidateAsync(RfcId id, CancellationToken cancellationToken) =>
        ReadAsync(id, (cached, header) => header.GetInt64("LastSequence") == cached.Rfc.LastSequence ? cached with { ETag = header.ETag } : null, cancellationToken);

    public void Remember(RfcSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        cache[TableKeys.RfcPartition(snapshot.Rfc.Id)] = new Entry(snapshot) { LastUsed = Interlocked.Increment(ref clock) };
        if (cache.Count > Capacity)
        {
            var oldest = cache.MinBy(e => e.Value.LastUsed);
            cache.TryRemove(oldest);
        }
    }

    public void Forget(RfcId id) => cache.TryRemove(TableKeys.RfcPartition(id), out _);

    /// <summary>Drops every cached RFC (the tables were recreated, or tests reset the store).</summary>
    public void Clear() => cache.Clear();

    /// <summary>
    /// Reads the rest of the partition after the header: a write landing in between changes the header, so the ETag
    /// kept here is stale and the next commit is refused (412) rather than built on a mixed snapshot.
    /// </summary>
    private async Task<RfcSnapshot> LoadAfterHeaderAsync(RfcId id, TableEntity header, CancellationToken cancellationToken)
    {
        var pk = TableKeys.RfcPartition(id);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey lt {TableKeys.EventPrefix}");
        var decisionRows = new List<TableEntity>();
        var ballots = new List<Ballot>();
        var concerns = new List<Concern>();
        var comments = new List<Comment>();
        await foreach (var row in tables.Rfcs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var key = row.RowKey;
            if (key == TableKeys.DecisionRow || key.StartsWith(TableKeys.DecisionRow + "|", StringComparison.Ordinal))
            {
                decisionRows.Add(row);
            }
            else if (key.StartsWith(TableKeys.BallotPrefix, StringComparison.Ordinal))
            {
                ballots.Add(StoreJson.Read<Ballot>(row));
            }
            else if (key.StartsWith(TableKeys.ConcernPrefix, StringComparison.Ordinal))
            {
                concerns.Add(StoreJson.Read<Concern>(row));
            }
            else if (key.StartsWith(TableKeys.CommentPrefix, StringComparison.Ordinal))
            {
                comments.Add(StoreJson.Read<Comment>(row));
            }
        }

        var decision = decisionRows.Count > 0 ? StoreJson.ReadRows<DecisionRecord>(decisionRows) : null;
        var core = StoreJson.Read<RfcCore>(header) with { Decision = decision };
        var snapshot = new RfcSnapshot(Rfc.Rehydrate(core, ballots, concerns, comments), header.ETag);
        Remember(snapshot);
        return snapshot;
    }

    /// <summary>Reads the header; keeps the cached copy when <paramref name="stillCurrent"/> says it is, else loads the RFC.</summary>
    private async Task<RfcSnapshot?> ReadAsync(RfcId id, Func<RfcSnapshot, TableEntity, RfcSnapshot?> stillCurrent, CancellationToken cancellationToken)
    {
        var header = await ReadHeaderAsync(id, cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            Forget(id);
            return null;
        }

        if (Cached(id) is { } cached && stillCurrent(cached, header) is { } current)
        {
            Remember(current);
            return current;
        }

        return await LoadAfterHeaderAsync(id, header, cancellationToken).ConfigureAwait(false);
    }

    private sealed class Entry(RfcSnapshot snapshot)
    {
        public RfcSnapshot Snapshot { get; } = snapshot;

        public long LastUsed { get; set; }
    }
}
