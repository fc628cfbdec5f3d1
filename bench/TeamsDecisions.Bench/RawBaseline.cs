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
