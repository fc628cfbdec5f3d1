using Azure.Data.Tables;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>Team conversation references and RFC threads in the Conversations table.</summary>
internal sealed class TableConversationStore(TableStorageContext tables) : IConversationStore
{
    public async Task SaveTeamAsync(TeamConversation team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        var entity = new TableEntity(TableKeys.TeamConversationPartition, TableKeys.TeamPartition(team.Team));
        StoreJson.Write(entity, team);
        await tables.Conversations.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TeamConversation?> FindTeamAsync(TeamId team, CancellationToken cancellationToken)
    {
        var row = await TableRfcStore.GetIfExistsAsync(tables.Conversations, TableKeys.TeamConversationPartition, TableKeys.TeamPartition(team), cancellationToken).ConfigureAwait(false);
        return row is null ? null : StoreJson.Read<TeamConversation>(row);
    }

    public async Task MapThreadAsync(string channelId, string rootMessageId, RfcId rfc, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(TableKeys.ThreadPartition(channelId), TableKeys.Encode(rootMessageId))
        {
            ["Team"] = rfc.Team.Value,
            ["Rfc"] = rfc.Number.Value,
        };
        await tables.Conversations.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RfcId?> FindRfcByThreadAsync(string channelId, string rootMessageId, CancellationToken cancellationToken)
    {
        var row = await TableRfcStore.GetIfExistsAsync(tables.Conversations, TableKeys.ThreadPartition(channelId), TableKeys.Encode(rootMessageId), cancellationToken).ConfigureAwait(false);
        return row is null ? null : new RfcId(new TeamId(row.GetString("Team")!), new RfcNumber(row.GetInt32("Rfc")!.Value));
    }
}
