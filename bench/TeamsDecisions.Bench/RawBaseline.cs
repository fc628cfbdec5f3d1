using System.Diagnostics;
using Azure;
using Azure.Data.Tables;

namespace TeamsDecisions.Bench;

/// <summary>
/// What the store itself does on this machine, with Azure.Data.Tables and no app: the floor the vote path is compared to.
/// Entities are about the size of the rows a vote writes (an RFC row, a ballot row).
/// </summary>
internal sealed class RawBaseline(TableClient table)
{
    private static readonly string RfcSizedText = new('r', 2_000);
    private static readonly string BallotSizedText = new('b', 300);

    public static async Task<RawBaseline> CreateAsync(string connectionString)
    {
        var table = new TableClient(connectionString, "rawbench" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        return new RawBaseline(table);
    }

    /// <summary>Writes the entity <see cref="ReadUpdateAsync"/> reads and updates.</summary>
    public async Task SeedAsync(string partition) =>
        await table.UpsertEntityAsync(new TableEntity(partition, "rfc") { ["Json"] = RfcSizedText, ["Sequence"] = 0 });

    /// <summary><paramref name="count"/> times, one after another: read one entity, then replace it with If-Match on the ETag just read.</summary>
    public async Task<Timed> ReadUpdateAsync(string partition, int count)
    {
        var latencies = new double[count];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            var entity = (await table.GetEntityAsync<TableEntity>(partition, "rfc")).Value;
            entity["Sequence"] = i + 1;
            await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
            latencies[i] = watch.Elapsed.TotalMilliseconds;
        }

        return new Timed(latencies, total.Elapsed);
    }

    /// <summary>
    /// What the store does as one RFC's partition grows, with no app: <paramref name="count"/> entity-group
    /// transactions one after another, each shaped like a vote's (the RFC row replaced with If-Match, a new ballot
    /// row, an event row, an idempotency row), so the vote path's flatness can be read against the store's own.
    /// </summary>
    public async Task<Timed> GrowingPartitionAsync(string partition, int count)
    {
        var etag = (await table.UpsertEntityAsync(new TableEntity(partition, "rfc") { ["Json"] = RfcSizedText, ["LastSequence"] = 0L })).Headers.ETag!.Value;
        var latencies = new double[count];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.UpdateReplace, new TableEntity(partition, "rfc") { ["Json"] = RfcSizedText, ["LastSequence"] = (long)i + 1 }, etag),
                new(TableTransactionActionType.UpsertReplace, new TableEntity(partition, "ballot|" + Guid.NewGuid().ToString().ToUpperInvariant()) { ["Json"] = BallotSizedText }),
                new(TableTransactionActionType.Add, new TableEntity(partition, $"event|{i + 1:D10}") { ["Json"] = BallotSizedText, ["Count"] = 1 }),
                new(TableTransactionActionType.Add, new TableEntity(partition, "op|" + Guid.NewGuid().ToString("N").ToUpperInvariant()) { ["FirstSequence"] = (long)i + 1 }),
            ]);
            etag = response.Value[0].Headers.ETag!.Value;
            latencies[i] = watch.Elapsed.TotalMilliseconds;
        }

        return new Timed(latencies, total.Elapsed);
    }

    /// <summary><paramref name="count"/> upserts of distinct rows into one partition, all started at once.</summary>
    public async Task<Timed> ConcurrentUpsertsAsync(string partition, int count)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var latencies = new double[count];
        var writers = Enumerable.Range(0, count).Select(async i =>
        {
            await start.Task;
            var watch = Stopwatch.StartNew();
            await table.UpsertEntityAsync(new TableEntity(partition, $"ballot|{Guid.NewGuid()}") { ["Json"] = BallotSizedText });
            latencies[i] = watch.Elapsed.TotalMilliseconds;
        }).ToList();
        var total = Stopwatch.StartNew();
        start.SetResult();
        await Task.WhenAll(writers);
        return new Timed(latencies, total.Elapsed);
    }

    /// <summary>Rows in the partition, to check that every upsert landed.</summary>
    public async Task<int> CountAsync(string partition)
    {
        var rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"]))
        {
            rows++;
        }

        return rows;
    }

    /// <summary>The entity's sequence, to check that every update landed.</summary>
    public async Task<int> SequenceAsync(string partition)
    {
        try
        {
            return (await table.GetEntityAsync<TableEntity>(partition, "rfc")).Value.GetInt32("Sequence") ?? -1;
        }
        catch (RequestFailedException)
        {
            return -1;
        }
    }
}
