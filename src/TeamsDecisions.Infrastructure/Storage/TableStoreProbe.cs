using Azure.Data.Tables;
using TeamsDecisions.Core.Ports;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>Reaches the store with the cheapest query the app's own permissions allow (entity data, not account settings).</summary>
internal sealed class TableStoreProbe(TableStorageContext tables) : IStoreProbe
{
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in tables.TeamSettings.QueryAsync<TableEntity>("PartitionKey eq '~probe'", maxPerPage: 1, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            break;
        }
    }
}
