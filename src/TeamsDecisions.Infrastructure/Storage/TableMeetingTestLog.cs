using System.Globalization;
using Azure.Data.Tables;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// Meeting tests, one partition per organiser and, for a test recorded with a team, a copy in the team's partition;
/// both newest first.
/// </summary>
/// <remarks>
/// The team copy is its own row because a query by team over organiser partitions would scan the whole table each
/// time a team's metrics are shown. The two rows are in different partitions, so no transaction can hold both: the
/// organiser's row goes first, and a failure between the two leaves one test missing from the team's list only.
/// </remarks>
internal sealed class TableMeetingTestLog(TableStorageContext tables) : IMeetingTestLog
{
    public async Task RecordAsync(MeetingTestRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var rowKey = (DateTimeOffset.MaxValue.UtcTicks - record.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + Guid.NewGuid().ToString("N")[..8];
        await tables.MeetingTests.AddEntityAsync(Row(TableKeys.MeetingTestOrganiserPartition(record.Organiser), rowKey, record), cancellationToken).ConfigureAwait(false);
        if (record.Team is { } team)
        {
            await tables.MeetingTests.AddEntityAsync(Row(TableKeys.MeetingTestTeamPartition(team), rowKey, record), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<MeetingTestRecord>> ListAsync(UserRef organiser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organiser);
        return ListPartitionAsync(TableKeys.MeetingTestOrganiserPartition(organiser), cancellationToken);
    }

    public Task<IReadOnlyList<MeetingTestRecord>> ListForTeamAsync(TeamId team, CancellationToken cancellationToken) =>
        ListPartitionAsync(TableKeys.MeetingTestTeamPartition(team), cancellationToken);

    private static TableEntity Row(string partitionKey, string rowKey, MeetingTestRecord record)
    {
        var entity = new TableEntity(partitionKey, rowKey)
        {
            ["Verdict"] = record.Verdict.ToString(),
            ["Choice"] = record.Choice.ToString(),
        };
        StoreJson.Write(entity, record);
        return entity;
    }

    private async Task<IReadOnlyList<MeetingTestRecord>> ListPartitionAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var records = new List<MeetingTestRecord>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        await foreach (var row in tables.MeetingTests.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records.Add(StoreJson.Read<MeetingTestRecord>(row));
        }

        return records;
    }
}
