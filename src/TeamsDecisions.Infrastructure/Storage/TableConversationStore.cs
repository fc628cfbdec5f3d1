using System.Collections.Concurrent;
using Azure.Data.Tables;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// Team conversation references and RFC threads in the Conversations table. Every card action checks its team's
/// reference (tenant, service URL), which changes only when the app is installed again: it is kept in memory for
/// <see cref="TeamTtl"/> so that a vote does not spend a request on it.
/// </summary>
internal sealed class TableConversationStore(TableStorageContext tables, TimeProvider clock) : IConversationStore
{
    public static readonly TimeSpan TeamTtl = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<TeamId, (TeamConversation Team, DateTimeOffset Until)> teams = new();

    public async Task SaveTeamAsync(TeamConversation team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        var entity = new TableEntity(TableKeys.TeamConversationPartition, TableKeys.TeamPartition(team.Team));
        StoreJson.Write(entity, team);
        await tables.Conversations.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        teams[team.Team] = (team, clock.GetUtcNow() + TeamTtl);
    }

    public async Task<TeamConversation?> FindTeamAsync(TeamId team, CancellationToken cancellationToken)
    {
        if (teams.TryGetValue(team, out var cached) && cached.Until > clock.GetUtcNow())
        {
            return cached.Team;
        }

        var row = await TableRead.GetAsync(tables.Conversations, TableKeys.TeamConversationPartition, TableKeys.TeamPartition(team), cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            teams.TryRemove(team, out _);
            return null;
        }

        var found = StoreJson.Read<TeamConversation>(row);
        teams[team] = (found, clock.GetUtcNow() + TeamTtl);
        return found;
    }

    public async Task<IReadOnlyList<TeamConversation>> ListTeamsAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.TeamConversationPartition}");
        var list = new List<TeamConversation>();
        await foreach (var row in tables.Conversations.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(StoreJson.Read<TeamConversation>(row));
        }

        return list;
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
        var row = await TableRead.GetAsync(tables.Conversations, TableKeys.ThreadPartition(channelId), TableKeys.Encode(rootMessageId), cancellationToken).ConfigureAwait(false);
        return row is null ? null : new RfcId(new TeamId(row.GetString("Team")!), new RfcNumber(row.GetInt32("Rfc")!.Value));
    }
}
