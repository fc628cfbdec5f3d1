using System.Text.Json;
using Azure.Data.Tables;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// Team settings, one row per team; a team that never saved any gets the defaults. Each save that changes something
/// adds an audit row (who, when, which fields, the settings after) in the same transaction, guarded by the row's ETag.
/// </summary>
internal sealed class TableTeamSettingsStore(TableStorageContext tables) : ITeamSettingsStore
{
    private const int Attempts = 5;

    public async Task<TeamSettings> GetAsync(TeamId team, CancellationToken cancellationToken)
    {
        var row = await TableRead.GetAsync(tables.TeamSettings, TableKeys.TeamPartition(team), TableKeys.SettingsRow, cancellationToken).ConfigureAwait(false);
        return row is null ? TeamSettings.DefaultsFor(team) : StoreJson.Read<TeamSettings>(row);
    }

    public async Task SaveAsync(TeamSettings settings, UserRef changedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(changedBy);
        settings.Validated();
        var pk = TableKeys.TeamPartition(settings.Team);
        await OptimisticConcurrency.RunAsync(Attempts, async ct =>
        {
            var row = await TableRead.GetAsync(tables.TeamSettings, pk, TableKeys.SettingsRow, ct).ConfigureAwait(false);
            var fields = settings.ChangedFrom(row is null ? null : StoreJson.Read<TeamSettings>(row));
            if (fields.Count == 0)
            {
                return true;
            }

            var entity = new TableEntity(pk, TableKeys.SettingsRow);
            StoreJson.Write(entity, settings);
            var audit = new TableEntity(pk, TableKeys.SettingsChange(at, changedBy.Id, JsonSerializer.Serialize(settings, StoreJson.Options)));
            StoreJson.Write(audit, new TeamSettingsChange(settings.Team, changedBy, at, fields, settings));
            TableTransactionAction[] actions =
            [
                row is null ? new(TableTransactionActionType.Add, entity) : new(TableTransactionActionType.UpdateReplace, entity, row.ETag),
                new(TableTransactionActionType.Add, audit),
            ];
            await tables.TeamSettings.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
            return true;
        }, () => throw new StoreBusyException("The team's settings are being changed by someone else right now. Nothing was saved; please try again."), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TeamSettingsChange>> ListChangesAsync(TeamId team, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var changes = new List<TeamSettingsChange>();
        var filter = TableKeys.PrefixFilter(TableKeys.TeamPartition(team), TableKeys.SettingsChangePrefix);
        await foreach (var row in tables.TeamSettings.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            changes.Add(StoreJson.Read<TeamSettingsChange>(row));
            if (changes.Count >= max)
            {
                break;
            }
        }

        return changes;
    }
}
