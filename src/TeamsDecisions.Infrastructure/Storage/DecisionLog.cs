using Azure.Data.Tables;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// The per-team decision log and its numbering. A number is reserved for an RFC once (counter and reservation in
/// one transaction, guarded by the counter's ETag), so retries reuse it and no number is ever handed out twice.
/// The entry becomes "Recorded" after the RFC's own transaction saved the decision record; an entry still
/// "Reserved" whose RFC holds the record (a crash in between) is repaired when the log is read.
/// </summary>
internal sealed class DecisionLog(TableStorageContext tables, int attempts)
{
    private const string Reserved = "Reserved";
    private const string Recorded = "Recorded";

    public async Task<DecisionNumber?> FindReservationAsync(RfcId rfc, CancellationToken cancellationToken)
    {
        var row = await TableRfcStore.GetIfExistsAsync(tables.Decisions, TableKeys.TeamPartition(rfc.Team), TableKeys.DecisionOfRfc(rfc), cancellationToken).ConfigureAwait(false);
        return row?.GetInt32("Number") is { } n ? new DecisionNumber(n) : null;
    }

    public async Task<DecisionNumber> PeekNextAsync(TeamId team, CancellationToken cancellationToken)
    {
        var counter = await TableRfcStore.GetIfExistsAsync(tables.Decisions, TableKeys.TeamPartition(team), TableKeys.CounterRow, cancellationToken).ConfigureAwait(false);
        return new DecisionNumber(counter?.GetInt32("Next") ?? 1);
    }

    public async Task<DecisionNumber> ReserveAsync(RfcId rfc, CancellationToken cancellationToken)
    {
        var pk = TableKeys.TeamPartition(rfc.Team);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (await FindReservationAsync(rfc, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing;
            }

            var counter = await TableRfcStore.GetIfExistsAsync(tables.Decisions, pk, TableKeys.CounterRow, cancellationToken).ConfigureAwait(false);
            var number = new DecisionNumber(counter?.GetInt32("Next") ?? 1);
            var next = new TableEntity(pk, TableKeys.CounterRow) { ["Next"] = number.Value + 1 };
            var entry = new TableEntity(pk, TableKeys.DecisionEntry(number))
            {
                ["Status"] = Reserved,
                ["RfcNumber"] = rfc.Number.Value,
                ["Team"] = rfc.Team.Value,
            };
            var map = new TableEntity(pk, TableKeys.DecisionOfRfc(rfc)) { ["Number"] = number.Value };
            TableTransactionAction[] actions =
            [
                counter is null ? new(TableTransactionActionType.Add, next) : new(TableTransactionActionType.UpdateReplace, next, counter.ETag),
                new(TableTransactionActionType.Add, entry),
                new(TableTransactionActionType.Add, map),
            ];
            try
            {
                await tables.Decisions.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return number;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                await TableRfcStore.BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new StoreBusyException("Many decisions are being recorded in this team right now. Nothing was saved; please try again.");
    }

    /// <summary>Writes (or rewrites) the log entry from the decision record; also used when a decision is superseded.</summary>
    public async Task RecordAsync(DecisionRecord decision, CancellationToken cancellationToken)
    {
        var entry = new TableEntity(TableKeys.TeamPartition(decision.Team), TableKeys.DecisionEntry(decision.Number))
        {
            ["Status"] = Recorded,
            ["RfcNumber"] = decision.Rfc.Value,
            ["Team"] = decision.Team.Value,
            ["DecisionStatus"] = decision.Status.ToString(),
        };
        StoreJson.Write(entry, Entry(decision));
        await tables.Decisions.UpsertEntityAsync(entry, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DecisionLogEntry>> ListAsync(TeamId team, Func<RfcId, CancellationToken, Task<DecisionRecord?>> loadDecision, CancellationToken cancellationToken)
    {
        var filter = TableKeys.PrefixFilter(TableKeys.TeamPartition(team), "DEC-");
        var entries = new List<DecisionLogEntry>();
        await foreach (var row in tables.Decisions.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (await ReadAsync(row, loadDecision, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return [.. entries.OrderByDescending(e => e.Number.Value)];
    }

    public async Task<DecisionLogEntry?> FindAsync(TeamId team, DecisionNumber number, Func<RfcId, CancellationToken, Task<DecisionRecord?>> loadDecision, CancellationToken cancellationToken)
    {
        var row = await TableRfcStore.GetIfExistsAsync(tables.Decisions, TableKeys.TeamPartition(team), TableKeys.DecisionEntry(number), cancellationToken).ConfigureAwait(false);
        return row is null ? null : await ReadAsync(row, loadDecision, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DecisionLogEntry?> ReadAsync(TableEntity row, Func<RfcId, CancellationToken, Task<DecisionRecord?>> loadDecision, CancellationToken cancellationToken)
    {
        if (row.GetString("Status") == Recorded)
        {
            return StoreJson.Read<DecisionLogEntry>(row);
        }

        // Reserved: either the RFC's transaction has not committed (or never will), or the process stopped before
        // this entry was updated. The RFC partition is the truth.
        var rfc = new RfcId(new TeamId(row.GetString("Team")!), new RfcNumber(row.GetInt32("RfcNumber")!.Value));
        var decision = await loadDecision(rfc, cancellationToken).ConfigureAwait(false);
        if (decision is null || decision.Number.ToString() != row.RowKey)
        {
            return null;
        }

        await RecordAsync(decision, cancellationToken).ConfigureAwait(false);
        return Entry(decision);
    }

    private static DecisionLogEntry Entry(DecisionRecord decision) =>
        new(decision.Number, new RfcId(decision.Team, decision.Rfc), decision.Title, decision.Status, decision.DecidedAt, decision.Decider, decision.Supersedes, decision.SupersededBy);
}
