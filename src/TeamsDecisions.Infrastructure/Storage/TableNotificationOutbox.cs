using Azure;
using Azure.Data.Tables;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// The notification outbox: the Outbox table's "notify" partition, one row per notification keyed by its
/// deterministic id. A notification caused by an RFC command is first written in the RFC's partition
/// ("notify|&lt;id&gt;"), in the command's own entity-group transaction, so it exists exactly when the command does; right
/// after the commit it is moved here (insert, 409 = already moved, then delete the trigger). A crash between the
/// commit and the move leaves the trigger, which <see cref="SweepAsync"/> moves later (and every replay of the command
/// moves it at once).
/// </summary>
internal sealed class TableNotificationOutbox(TableStorageContext tables) : INotificationOutbox
{
    private const string Status = "Status";
    private const string NotBefore = "NotBefore";
    private const string SentAt = "SentAt";

    /// <summary>The row a command adds to its transaction for a notification it caused.</summary>
    public static TableEntity TriggerRow(string partitionKey, Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var entity = new TableEntity(partitionKey, TableKeys.NotifyTrigger(notification.Id));
        StoreJson.Write(entity, notification);
        return entity;
    }

    /// <summary>Moves the notifications written with a command on the RFC in <paramref name="rfcPartition"/> into the outbox; returns how many.</summary>
    public async Task<int> PromoteAsync(string rfcPartition, CancellationToken cancellationToken)
    {
        var moved = 0;
        await foreach (var trigger in tables.Rfcs.QueryAsync<TableEntity>(TableKeys.PrefixFilter(rfcPartition, TableKeys.NotifyPrefix), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await MoveAsync(trigger, cancellationToken).ConfigureAwait(false);
            moved++;
        }

        return moved;
    }

    public async Task<bool> EnqueueAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        try
        {
            await tables.Outbox.AddEntityAsync(Row(notification with { Status = NotificationStatus.Pending }), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<Notification?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var row = await TableRead.GetAsync(tables.Outbox, TableKeys.NotificationPartition, TableKeys.Notification(id), cancellationToken).ConfigureAwait(false);
        return row is null ? null : StoreJson.Read<Notification>(row);
    }

    public async Task<IReadOnlyList<Notification>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.NotificationPartition} and Status eq {nameof(NotificationStatus.Pending)} and NotBefore le {now}");
        var due = new List<Notification>();
        await foreach (var row in tables.Outbox.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(StoreJson.Read<Notification>(row));
        }

        return [.. due.OrderBy(n => n.NotBefore).ThenBy(n => n.CreatedAt).Take(max)];
    }

    public async Task<Notification?> TryClaimAsync(string id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var row = await TableRead.GetAsync(tables.Outbox, TableKeys.NotificationPartition, TableKeys.Notification(id), cancellationToken).ConfigureAwait(false);
        if (row is null || row.GetString(Status) != nameof(NotificationStatus.Pending) || row.GetDateTimeOffset(NotBefore) > now)
        {
            return null;
        }

        return await TableClaims.TryClaimAsync(tables.Outbox, row, owner, now, until, cancellationToken).ConfigureAwait(false)
            ? StoreJson.Read<Notification>(row)
            : null;
    }

    public Task RememberConversationAsync(string id, string conversationId, CancellationToken cancellationToken) =>
        UpdateAsync(id, n => n with { ConversationId = conversationId }, keepClaim: true, cancellationToken);

    public Task MarkSentAsync(string id, string conversationId, string? activityId, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateAsync(id, n => n with { Status = NotificationStatus.Sent, ConversationId = conversationId, ActivityId = activityId, SentAt = at, LastError = null }, keepClaim: false, cancellationToken);

    public Task MarkFailedAsync(string id, string reason, DateTimeOffset? retryAt, bool countsAsAttempt, CancellationToken cancellationToken) =>
        UpdateAsync(id, n => n.Status != NotificationStatus.Pending ? n : n with
        {
            Status = retryAt is null ? NotificationStatus.Failed : NotificationStatus.Pending,
            Attempts = n.Attempts + (countsAsAttempt ? 1 : 0),
            LastError = reason,
            NotBefore = retryAt ?? n.NotBefore,
        }, keepClaim: false, cancellationToken);

    public Task MarkCancelledAsync(string id, string reason, CancellationToken cancellationToken) =>
        UpdateAsync(id, n => n.Status != NotificationStatus.Pending ? n : n with { Status = NotificationStatus.Cancelled, LastError = reason }, keepClaim: false, cancellationToken);

    public async Task<int> SweepAsync(DateTimeOffset purgeBefore, CancellationToken cancellationToken)
    {
        // A cross-partition scan of the RFC table by row-key range: run every few minutes, not per request.
        var moved = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey ge {TableKeys.NotifyPrefix} and RowKey lt {TableKeys.NotifyPrefix[..^1] + (char)(TableKeys.NotifyPrefix[^1] + 1)}");
        await foreach (var trigger in tables.Rfcs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await MoveAsync(trigger, cancellationToken).ConfigureAwait(false);
            moved++;
        }

        var done = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.NotificationPartition} and (Status eq {nameof(NotificationStatus.Sent)} or Status eq {nameof(NotificationStatus.Cancelled)}) and SentAt lt {purgeBefore}");
        await foreach (var row in tables.Outbox.QueryAsync<TableEntity>(done, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await DeleteAsync(tables.Outbox, row.PartitionKey, row.RowKey, cancellationToken).ConfigureAwait(false);
        }

        return moved;
    }

    private async Task MoveAsync(TableEntity trigger, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Outbox.AddEntityAsync(Row(StoreJson.Read<Notification>(trigger)), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Moved before (the delete below did not happen, or another instance moved it): the outbox row wins.
        }

        await DeleteAsync(tables.Rfcs, trigger.PartitionKey, trigger.RowKey, cancellationToken).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    private async Task UpdateAsync(string id, Func<Notification, Notification> change, bool keepClaim, CancellationToken cancellationToken)
    {
        var key = TableKeys.Notification(id);
        await OptimisticConcurrency.RunAsync(10, async ct =>
        {
            var row = await TableRead.GetAsync(tables.Outbox, TableKeys.NotificationPartition, key, ct).ConfigureAwait(false);
            if (row is null)
            {
                return;
            }

            var next = Row(change(StoreJson.Read<Notification>(row)));
            if (keepClaim)
            {
                next[TableClaims.By] = row.GetString(TableClaims.By);
                next[TableClaims.Until] = row.GetDateTimeOffset(TableClaims.Until);
            }

            await tables.Outbox.UpdateEntityAsync(next, row.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static TableEntity Row(Notification notification)
    {
        var entity = new TableEntity(TableKeys.NotificationPartition, TableKeys.Notification(notification.Id))
        {
            [Status] = notification.Status.ToString(),
            [NotBefore] = notification.NotBefore,
            ["Team"] = notification.Team.Value,
            ["Kind"] = notification.Kind,
            ["Attempts"] = notification.Attempts,
        };
        if (notification.SentAt is { } sent)
        {
            entity[SentAt] = sent;
        }
        else if (notification.Status == NotificationStatus.Cancelled)
        {
            entity[SentAt] = notification.CreatedAt;
        }

        StoreJson.Write(entity, notification);
        return entity;
    }
}
