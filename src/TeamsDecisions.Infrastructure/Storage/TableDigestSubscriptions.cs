using Azure;
using Azure.Data.Tables;
using TeamsDecisions.Core.Notifications;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>Daily-digest subscriptions in the Conversations table: partition "digest", one row per person (their personal chat and zone).</summary>
internal sealed class TableDigestSubscriptions(TableStorageContext tables) : IDigestSubscriptions
{
    public async Task SubscribeAsync(DigestSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var entity = new TableEntity(TableKeys.DigestPartition, Key(subscription.Conversation.UserId));
        StoreJson.Write(entity, subscription);
        await tables.Conversations.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> UnsubscribeAsync(string userId, CancellationToken cancellationToken)
    {
        // The SDK answers a delete of a missing row with its 404 response rather than an exception.
        using var response = await tables.Conversations.DeleteEntityAsync(TableKeys.DigestPartition, Key(userId), ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }

    public async Task<DigestSubscription?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        var row = await TableRead.GetAsync(tables.Conversations, TableKeys.DigestPartition, Key(userId), cancellationToken).ConfigureAwait(false);
        return row is null ? null : StoreJson.Read<DigestSubscription>(row);
    }

    public async Task<IReadOnlyList<DigestSubscription>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<DigestSubscription>();
        await foreach (var row in tables.Conversations.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.DigestPartition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(StoreJson.Read<DigestSubscription>(row));
        }

        return list;
    }

    private static string Key(string userId) => TableKeys.Encode(userId.ToUpperInvariant());
}
