using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// The per-team decision log and its numbering. A number is reserved for an RFC once (counter, log entry and
/// RFC → number in one transaction, guarded by ETags), so a retry reuses it and no two decisions share a number.
/// If the resolution is then refused (the RFC changed under it), the number is released and the next resolution
/// in the team takes it, so numbers are never skipped either. An entry becomes "Recorded" after the RFC's own
/// transaction saved the decision record; entries left behind by a crash are repaired when the log is read.
/// </summary>
internal sealed class DecisionLog(TableStorageContext tables, IOptions<StorageOptions> options)
{
    private readonly int attempts = options.Value.MaxConflictRetries;

    private const string Reserved = "Reserved";
    private const string Released = "Released";
    private const string Recorded = "Recorded";

    public async Task<DecisionNumber?> FindReservationAsync(RfcId rfc, CancellationToken cancellationToken)
    {
        var row = await TableRead.GetAsync(tables.Decisions, TableKeys.TeamPartition(rfc.Team), TableKeys.DecisionOfRfc(rfc), cancellationToken).ConfigureAwait(false);
        return row?.GetInt32("Number") is { } n ? new DecisionNumber(n) : null;
    }

    /// <summary>The number the next reservation would get; used only to check a resolution before reserving.</summary>
    public async Task<DecisionNumber> PeekNextAsync(TeamId team, CancellationToken cancellationToken)
    {
        if (await FirstReleasedAsync(TableKeys.TeamPartition(team), cancellationToken).ConfigureAwait(false) is { } released)
        {
            return ParseNumber(released.RowKey);
        }

        var counter = await TableRead.GetAsync(tables.Decisions, TableKeys.TeamPartition(team), TableKeys.CounterRow, cancellationToken).ConfigureAwait(false);
        return new DecisionNumber(counter?.GetInt32("Next") ?? 1);
    }

    public async Task<DecisionNumber> ReserveAsync(RfcId rfc, CancellationToken cancellationToken)
    {
        var pk = TableKeys.TeamPartition(rfc.Team);
        var reserved = await OptimisticConcurrency.RunAsync(attempts, async ct =>
        {
            if (await FindReservationAsync(rfc, ct).ConfigureAwait(false) is { } existing)
            {
                return existing;
            }

            var map = new TableEntity(pk, TableKeys.DecisionOfRfc(rfc));
            var actions = new List<TableTransactionAction>();
            DecisionNumber number;
            if (await FirstReleasedAsync(pk, ct).ConfigureAwait(false) is { } released)
            {
                number = ParseNumber(released.RowKey);
                actions.Add(new(TableTransactionActionType.UpdateReplace, ReservedEntry(pk, number, rfc), released.ETag));
            }
            else
            {
                var counter = await TableRead.GetAsync(tables.Decisions, pk, TableKeys.CounterRow, ct).ConfigureAwait(false);
                number = new DecisionNumber(counter?.GetInt32("Next") ?? 1);
                var next = new TableEntity(pk, TableKeys.CounterRow) { ["Next"] = number.Value + 1 };
                actions.Add(counter is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, next)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, counter.ETag));
                actions.Add(new(TableTransactionActionType.Add, ReservedEntry(pk, number, rfc)));
            }

            map["Number"] = number.Value;
            actions.Add(new(TableTransactionActionType.Add, map));
            await tables.Decisions.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
            return number;
        }, () => throw new StoreBusyException("Many decisions are being recorded in this team right now. Nothing was saved; please try again."), cancellationToken).ConfigureAwait(false);
        return reserved;
    }

    /// <summary>Gives a reserved number back when its RFC was not resolved with it, so the next decision takes it.</summary>
    public Task ReleaseAsync(RfcId rfc, DecisionNumber number, CancellationToken cancellationToken)
    {
        var pk = TableKeys.TeamPartition(rfc.Team);
        return OptimisticConcurrency.RunAsync(attempts, async ct =>
        {
            var entry = await TableRead.GetAsync(tables.Decisions, pk, TableKeys.DecisionEntry(number), ct).ConfigureAwait(false);
            var map = await TableRead.GetAsync(tables.Decisions, pk, TableKeys.DecisionOfRfc(rfc), ct).ConfigureAwait(false);
            if (entry?.GetString("Status") != Reserved || entry.GetInt32("RfcNumber") != rfc.Number.Value)
            {
                return;
            }

            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateReplace, new TableEntity(pk, entry.RowKey) { ["Status"] = Released }, entry.ETag),
            };
            if (map?.GetInt32("Number") == number.Value)
            {
                actions.Add(new(TableTransactionActionType.Delete, map, map.ETag));
            }

            await tables.Decisions.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Writes the log entry from the decision record, unless a newer state of the same RFC is already there.</summary>
    public async Task RecordAsync(DecisionRecord decision, long sequence, CancellationToken cancellationToken)
    {
        var entry = new TableEntity(TableKeys.TeamPartition(decision.Team), TableKeys.DecisionEntry(decision.Number))
        {
            ["Status"] = Recorded,
            ["RfcNumber"] = decision.Rfc.Value,
            ["Team"] = decision.Team.Value,
            ["DecisionStatus"] = decision.Status.ToString(),
            ["Sequence"] = sequence,
        };
        StoreJson.Write(entry, Entry(decision));
        await OptimisticConcurrency.RunAsync(attempts, async ct =>
        {
            var existing = await TableRead.GetAsync(tables.Decisions, entry.PartitionKey, entry.RowKey, ct).ConfigureAwait(false);
            if (existing?.GetInt64("Sequence") >= sequence)
            {
                return;
            }

            await tables.Decisions.SubmitTransactionAsync(
                [existing is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, entry)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entry, existing.ETag)],
                ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DecisionLogEntry>> ListAsync(TeamId team, Func<RfcId, CancellationToken, Task<Rfc?>> loadRfc, CancellationToken cancellationToken)
    {
        var filter = TableKeys.PrefixFilter(TableKeys.TeamPartition(team), "DEC-");
        var entries = new List<DecisionLogEntry>();
        await foreach (var row in tables.Decisions.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (await ReadAsync(row, loadRfc, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return [.. entries.OrderByDescending(e => e.Number.Value)];
    }

    public async Task<DecisionLogEntry?> FindAsync(TeamId team, DecisionNumber number, Func<RfcId, CancellationToken, Task<Rfc?>> loadRfc, CancellationToken cancellationToken)
    {
        var row = await TableRead.GetAsync(tables.Decisions, TableKeys.TeamPartition(team), TableKeys.DecisionEntry(number), cancellationToken).ConfigureAwait(false);
        return row is null ? null : await ReadAsync(row, loadRfc, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DecisionLogEntry?> ReadAsync(TableEntity row, Func<RfcId, CancellationToken, Task<Rfc?>> loadRfc, CancellationToken cancellationToken)
    {
        var status = row.GetString("Status");
        if (status == Recorded)
        {
            return StoreJson.Read<DecisionLogEntry>(row);
        }

        if (status != Reserved)
        {
            return null;
        }

        // Reserved: the RFC's transaction has not committed yet, or the process stopped around it. The RFC is the truth.
        var id = new RfcId(new TeamId(row.GetString("Team")!), new RfcNumber(row.GetInt32("RfcNumber")!.Value));
        var rfc = await loadRfc(id, cancellationToken).ConfigureAwait(false);
        var number = ParseNumber(row.RowKey);
        if (rfc?.Decision is { } decision && decision.Number == number)
        {
            await RecordAsync(decision, rfc.LastSequence, cancellationToken).ConfigureAwait(false);
            return Entry(decision);
        }

        if (rfc is null || rfc.State.IsResolved())
        {
            // That RFC can no longer take this number (withdrawn, or decided under another): hand it on.
            await ReleaseAsync(id, number, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<TableEntity?> FirstReleasedAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var filter = TableKeys.PrefixFilter(partitionKey, "DEC-") + " and " + TableClient.CreateQueryFilter($"Status eq {Released}");
        TableEntity? first = null;
        await foreach (var row in tables.Decisions.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (first is null || string.CompareOrdinal(row.RowKey, first.RowKey) < 0)
            {
                first = row;
            }
        }

        return first;
    }

    private static TableEntity ReservedEntry(string partitionKey, DecisionNumber number, RfcId rfc) => new(partitionKey, TableKeys.DecisionEntry(number))
    {
        ["Status"] = Reserved,
        ["RfcNumber"] = rfc.Number.Value,
        ["Team"] = rfc.Team.Value,
    };

    private static DecisionNumber ParseNumber(string rowKey) =>
        DecisionNumber.TryParse(rowKey, out var number) ? number : throw new InvalidOperationException($"Not a decision row: {rowKey}");

    private static DecisionLogEntry Entry(DecisionRecord decision) =>
        new(decision.Number, new RfcId(decision.Team, decision.Rfc), decision.Title, decision.Status, decision.DecidedAt, decision.Decider, decision.Supersedes, decision.SupersededBy);
}
