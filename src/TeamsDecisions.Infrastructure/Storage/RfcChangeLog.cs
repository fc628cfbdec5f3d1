using Azure.Data.Tables;
using TeamsDecisions.Core;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// Which RFCs changed when, for other instances' read models: one row per RFC per minute in the TeamIndex table
/// ("chg|yyyyMMddHHmm" partitions), upserted by <see cref="RfcIndexWriter"/> with the team index row. A reader asks
/// for the minutes since its cursor: one partition query each, so a 30 s round with a minute's overlap costs two or
/// three reads. Rows are a few dozen bytes and are not swept: about 30 MB a year at 1,000 changes a day.
/// </summary>
internal sealed class RfcChangeLog(TableStorageContext tables, TimeProvider clock)
{
    public Task RecordAsync(RfcId id, long sequence, CancellationToken cancellationToken) =>
        tables.TeamIndex.UpsertEntityAsync(
            new TableEntity(TableKeys.ChangePartition(clock.GetUtcNow()), TableKeys.RfcPartition(id)) { ["Team"] = id.Team.Value, ["Number"] = id.Number.Value, ["Sequence"] = sequence },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>The RFCs changed in the minutes from <paramref name="from"/> to <paramref name="to"/>, both included, each with its latest sequence seen.</summary>
    public async Task<IReadOnlyDictionary<RfcId, long>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var changed = new Dictionary<RfcId, long>();
        for (var minute = TableKeys.ChangeMinute(from); minute <= TableKeys.ChangeMinute(to); minute = minute.AddMinutes(1))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.ChangePartition(minute)}");
            await foreach (var row in tables.TeamIndex.QueryAsync<TableEntity>(filter, select: ["Team", "Number", "Sequence"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (row.GetString("Team") is { Length: > 0 } team && row.GetInt32("Number") is int number && number >= 1)
                {
                    var id = new RfcId(new TeamId(team), new RfcNumber(number));
                    changed[id] = Math.Max(changed.GetValueOrDefault(id), row.GetInt64("Sequence") ?? 0);
                }
            }
        }

        return changed;
    }
}
