using Azure;
using Azure.Data.Tables;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// The publishing outbox. The entry is the "outbox" row in the RFC's partition, written in the same transaction as
/// the decision record; the Outbox table's "due" partition indexes the entries not yet published so the publisher
/// finds them without scanning. A crash between the commit and the index write is caught by <see cref="SweepAsync"/>.
/// </summary>
internal sealed class TableOutbox(TableStorageContext tables) : IPublicationOutbox
{
    private const string LeasePartition = "lease";

    /// <summary>The outbox row a resolution (or a supersede) adds to its transaction.</summary>
    public static TableEntity PendingRow(Rfc rfc, DateTimeOffset at)
    {
        var publication = new Publication(rfc.Id, rfc.Decision!.Number, PublicationStatus.Pending, null, null, 0, null, at, rfc.LastSequence);
        return Row(TableKeys.RfcPartition(rfc.Id), publication);
    }

    /// <summary>Indexes a pending entry (after its commit).</summary>
    public async Task IndexAsync(Rfc rfc, CancellationToken cancellationToken)
    {
        var publication = await FindAsync(rfc.Id, cancellationToken).ConfigureAwait(false);
        if (publication is { Status: not PublicationStatus.Published })
        {
            await tables.Outbox.UpsertEntityAsync(IndexRow(publication), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<Publication?> FindAsync(RfcId rfc, CancellationToken cancellationToken)
    {
        var row = await TableRead.GetAsync(tables.Rfcs, TableKeys.RfcPartition(rfc), TableKeys.OutboxRow, cancellationToken).ConfigureAwait(false);
        return row is null ? null : StoreJson.Read<Publication>(row);
    }

    public async Task<IReadOnlyList<Publication>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.OutboxDuePartition} and NextAttemptAt le {now}");
        var due = new List<Publication>();
        await foreach (var row in tables.Outbox.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(StoreJson.Read<Publication>(row));
        }

        return [.. due.OrderBy(p => p.NextAttemptAt).Take(max)];
    }

    public async Task<bool> TryClaimAsync(RfcId rfc, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var row = await TableRead.GetAsync(tables.Rfcs, TableKeys.RfcPartition(rfc), TableKeys.OutboxRow, cancellationToken).ConfigureAwait(false);
        if (row is null || row.GetString("Status") == nameof(PublicationStatus.Published))
        {
            return false;
        }

        return await TableClaims.TryClaimAsync(tables.Rfcs, row, owner, now, until, cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkPublishedAsync(RfcId rfc, long sequence, Uri pageUrl, Uri? logUrl, CancellationToken cancellationToken)
    {
        await UpdateAsync(rfc, p => p.RequestedAtSequence > sequence
            ? p with { PageUrl = pageUrl, LogUrl = logUrl }
            : p with { Status = PublicationStatus.Published, PageUrl = pageUrl, LogUrl = logUrl, LastError = null }, cancellationToken).ConfigureAwait(false);
    }

    public Task MarkFailedAsync(RfcId rfc, string reason, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        UpdateAsync(rfc, p => p with { Status = PublicationStatus.Failing, Attempts = p.Attempts + 1, LastError = reason, NextAttemptAt = nextAttemptAt }, cancellationToken);

    public async Task<bool> TryLeaseTeamAsync(TeamId team, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var key = TableKeys.TeamPartition(team);
        var row = await TableRead.GetAsync(tables.Outbox, LeasePartition, key, cancellationToken).ConfigureAwait(false);
        if (row is not null)
        {
            return await TableClaims.TryClaimAsync(tables.Outbox, row, owner, now, until, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await tables.Outbox.AddEntityAsync(new TableEntity(LeasePartition, key) { [TableClaims.By] = owner, [TableClaims.Until] = until }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task ReleaseTeamAsync(TeamId team, string owner, CancellationToken cancellationToken)
    {
        var row = await TableRead.GetAsync(tables.Outbox, LeasePartition, TableKeys.TeamPartition(team), cancellationToken).ConfigureAwait(false);
        if (row is null || row.GetString(TableClaims.By) != owner)
        {
            return;
        }

        try
        {
            await tables.Outbox.DeleteEntityAsync(LeasePartition, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
        }
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var found = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey eq {TableKeys.OutboxRow} and Status ne {nameof(PublicationStatus.Published)}");
        await foreach (var row in tables.Rfcs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var publication = StoreJson.Read<Publication>(row);
            var indexed = await TableRead.GetAsync(tables.Outbox, TableKeys.OutboxDuePartition, row.PartitionKey, cancellationToken).ConfigureAwait(false);
            if (indexed is null)
            {
                await tables.Outbox.UpsertEntityAsync(IndexRow(publication), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                found++;
            }
        }

        return found;
    }

    private async Task UpdateAsync(RfcId rfc, Func<Publication, Publication> change, CancellationToken cancellationToken)
    {
        var pk = TableKeys.RfcPartition(rfc);
        var updated = await OptimisticConcurrency.RunAsync<Publication?>(10, async ct =>
        {
            var row = await TableRead.GetAsync(tables.Rfcs, pk, TableKeys.OutboxRow, ct).ConfigureAwait(false);
            if (row is null)
            {
                return null;
            }

            var next = change(StoreJson.Read<Publication>(row));
            await tables.Rfcs.UpdateEntityAsync(Row(pk, next), row.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return next;
        }, () => null, cancellationToken).ConfigureAwait(false);
        if (updated is null)
        {
            return;
        }

        if (updated.Status == PublicationStatus.Published)
        {
            try
            {
                await tables.Outbox.DeleteEntityAsync(TableKeys.OutboxDuePartition, pk, ETag.All, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
        }
        else
        {
            await tables.Outbox.UpsertEntityAsync(IndexRow(updated), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TableEntity Row(string partitionKey, Publication publication)
    {
        var entity = new TableEntity(partitionKey, TableKeys.OutboxRow)
        {
            ["Status"] = publication.Status.ToString(),
            ["NextAttemptAt"] = publication.NextAttemptAt,
            ["Decision"] = publication.Decision.ToString(),
        };
        StoreJson.Write(entity, publication);
        return entity;
    }

    private static TableEntity IndexRow(Publication publication)
    {
        var entity = new TableEntity(TableKeys.OutboxDuePartition, TableKeys.RfcPartition(publication.Rfc))
        {
            ["NextAttemptAt"] = publication.NextAttemptAt,
        };
        StoreJson.Write(entity, publication);
        return entity;
    }
}
