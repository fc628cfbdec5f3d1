using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// Keeps the team index and the due-window list in step with each RFC after its commit. Every row carries the RFC's
/// sequence and is only ever replaced by a newer one, so writers finishing out of order cannot roll it back.
/// A failure here is logged, never thrown: the command itself is already saved, and the next command on the RFC
/// rewrites both rows. Each refresh also notes the RFC in the change log, so other instances' search indexes re-read it.
/// </summary>
internal sealed class RfcIndexWriter(TableStorageContext tables, RfcChangeLog changes, ILogger<RfcIndexWriter> logger)
{
    private const int Attempts = 5;

    public async Task RefreshAsync(Rfc rfc, CancellationToken cancellationToken)
    {
        try
        {
            await WriteIfNewerAsync(tables.TeamIndex, Summary(rfc), rfc.LastSequence, cancellationToken).ConfigureAwait(false);
            await changes.RecordAsync(rfc.Id, rfc.LastSequence, cancellationToken).ConfigureAwait(false);
            if (rfc.State == RfcState.Open && rfc.Window is not null)
            {
                var due = Summary(rfc);
                due.PartitionKey = TableKeys.DuePartition;
                due.RowKey = TableKeys.DueRow(rfc.Id);
                await WriteIfNewerAsync(tables.DueWindows, due, rfc.LastSequence, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await DeleteIfOlderAsync(tables.DueWindows, TableKeys.DuePartition, TableKeys.DueRow(rfc.Id), rfc.LastSequence, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException or IOException)
        {
            Log.IndexStale(logger, ex, rfc.Team.Value, rfc.Number.ToString());
        }
    }

    public async Task<IReadOnlyList<RfcSummary>> ListAsync(TeamId team, RfcState? state, CancellationToken cancellationToken)
    {
        var filter = TableKeys.PrefixFilter(TableKeys.TeamPartition(team), TableKeys.RfcSummaryPrefix);
        if (state is { } s)
        {
            filter += " and " + TableClient.CreateQueryFilter($"State eq {s.ToString()}");
        }

        var list = new List<RfcSummary>();
        await foreach (var row in tables.TeamIndex.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(StoreJson.Read<RfcSummary>(row));
        }

        return [.. list.OrderByDescending(r => r.Id.Number.Value)];
    }

    public async Task<IReadOnlyList<RfcSummary>> ListDueAsync(DateTimeOffset closingBy, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.DuePartition} and ClosesAt le {closingBy}");
        var list = new List<RfcSummary>();
        await foreach (var row in tables.DueWindows.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(StoreJson.Read<RfcSummary>(row));
        }

        return [.. list.OrderBy(r => r.ClosesAt).Take(max)];
    }

    public async Task<bool> TryClaimDueAsync(RfcId id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var row = await TableRead.GetAsync(tables.DueWindows, TableKeys.DuePartition, TableKeys.DueRow(id), cancellationToken).ConfigureAwait(false);
        if (row is null || row.GetDateTimeOffset("ClosesAt") is not { } closesAt || closesAt > now)
        {
            return false;
        }

        return await TableClaims.TryClaimAsync(tables.DueWindows, row, owner, now, until, cancellationToken).ConfigureAwait(false);
    }

    private static TableEntity Summary(Rfc rfc)
    {
        var summary = new RfcSummary(rfc.Id, rfc.Title, rfc.State, rfc.Author, rfc.Decider, rfc.Window?.ClosesAt, rfc.Decision?.Number, DateTimeOffset.MaxValue);
        var entity = new TableEntity(TableKeys.TeamPartition(rfc.Team), TableKeys.RfcSummary(rfc.Id))
        {
            ["State"] = rfc.State.ToString(),
            ["Sequence"] = rfc.LastSequence,
            ["ClosesAt"] = rfc.Window?.ClosesAt,
        };
        StoreJson.Write(entity, summary with { UpdatedAt = LastChange(rfc) });
        return entity;
    }

    private static DateTimeOffset LastChange(Rfc rfc) =>
        new[] { rfc.ProposedAt, rfc.Decision?.DecidedAt ?? DateTimeOffset.MinValue }
            .Concat(rfc.Ballots.Select(b => b.Current.CastAt))
            .Concat(rfc.Comments.Select(c => c.At))
            .Concat(rfc.Concerns.Select(c => c.ClosedAt ?? c.RaisedAt))
            .Max();

    private static Task WriteIfNewerAsync(TableClient table, TableEntity entity, long sequence, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RunAsync(Attempts, async ct =>
        {
            var existing = await TableRead.GetAsync(table, entity.PartitionKey, entity.RowKey, ct).ConfigureAwait(false);
            if (existing?.GetInt64("Sequence") >= sequence)
            {
                return;
            }

            if (existing is null)
            {
                await table.AddEntityAsync(entity, ct).ConfigureAwait(false);
            }
            else
            {
                await table.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            }

        }, cancellationToken);

    private static Task DeleteIfOlderAsync(TableClient table, string partitionKey, string rowKey, long sequence, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RunAsync(Attempts, async ct =>
        {
            var existing = await TableRead.GetAsync(table, partitionKey, rowKey, ct).ConfigureAwait(false);
            if (existing is not null && existing.GetInt64("Sequence") <= sequence)
            {
                await table.DeleteEntityAsync(partitionKey, rowKey, existing.ETag, ct).ConfigureAwait(false);
            }

        }, cancellationToken);

}
