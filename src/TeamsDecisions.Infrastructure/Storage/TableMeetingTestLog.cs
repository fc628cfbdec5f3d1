using System.Globalization;
using Azure.Data.Tables;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>Meeting tests, one partition per organiser, newest first.</summary>
internal sealed class TableMeetingTestLog(TableStorageContext tables) : IMeetingTestLog
{
    public async Task RecordAsync(MeetingTestRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var rowKey = (DateTimeOffset.MaxValue.UtcTicks - record.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + Guid.NewGuid().ToString("N")[..8];
        var entity = new TableEntity(TableKeys.Encode(record.Organiser.Id.ToUpperInvariant()), rowKey)
        {
            ["Verdict"] = record.Verdict.ToString(),
            ["Choice"] = record.Choice.ToString(),
        };
        StoreJson.Write(entity, record);
        await tables.MeetingTests.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MeetingTestRecord>> ListAsync(UserRef organiser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organiser);
        var records = new List<MeetingTestRecord>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(organiser.Id.ToUpperInvariant())}");
        await foreach (var row in tables.MeetingTests.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records.Add(StoreJson.Read<MeetingTestRecord>(row));
        }

        return records;
    }
}
