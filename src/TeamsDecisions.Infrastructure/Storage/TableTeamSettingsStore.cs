using Azure.Data.Tables;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>Team settings, one row per team; a team that never saved any gets the defaults.</summary>
internal sealed class TableTeamSettingsStore(TableStorageContext tables) : ITeamSettingsStore
{
    public async Task<TeamSettings> GetAsync(TeamId team, CancellationToken cancellationToken)
    {
        var row = await TableRead.GetAsync(tables.TeamSettings, TableKeys.TeamPartition(team), TableKeys.SettingsRow, cancellationToken).ConfigureAwait(false);
        return row is null ? TeamSettings.DefaultsFor(team) : StoreJson.Read<TeamSettings>(row);
    }

    public async Task SaveAsync(TeamSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var entity = new TableEntity(TableKeys.TeamPartition(settings.Team), TableKeys.SettingsRow);
        StoreJson.Write(entity, settings.Validated());
        await tables.TeamSettings.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}
