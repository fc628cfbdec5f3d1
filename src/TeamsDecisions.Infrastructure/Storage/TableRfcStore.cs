using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// RFCs on Azure Table Storage, one partition per RFC. Each command's rows go in one entity-group transaction
/// guarded by the RFC row's ETag: when another writer wins (412), the RFC is reloaded and the command re-applied,
/// a bounded number of times. Indexes (team list, due windows, decision log) live in other partitions and are
/// brought up to date after the commit; each index row carries the RFC's sequence so a late writer never rolls it back.
/// </summary>
internal sealed partial class TableRfcStore : IRfcStore
{
    private readonly TableStorageContext tables;
    private readonly StorageOptions options;
    private readonly ILogger<TableRfcStore> logger;
    private readonly RfcIndexWriter index;
    private readonly DecisionLog decisions;
    private readonly TableOutbox outbox;

    /// <summary>
    /// Serialises writers to the same RFC inside this instance, so only instances (not requests) race on the ETag.
    /// Striped and bounded; correctness never depends on it.
    /// </summary>
    private readonly SemaphoreSlim[] gates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private long conflictRetries;

    public TableRfcStore(TableStorageContext tables, IOptions<StorageOptions> options, ILogger<TableRfcStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.tables = tables;
        this.options = options.Value;
        this.logger = logger;
        index = new RfcIndexWriter(tables, logger);
        decisions = new DecisionLog(tables, this.options.MaxConflictRetries);
        outbox = new TableOutbox(tables);
    }

    /// <summary>How many times a command was re-applied because another writer changed the RFC first.</summary>
    public long ConflictRetries => Interlocked.Read(ref conflictRetries);

    public async Task<RfcCommandResult> CreateAsync(TeamId team, CommandContext context, Func<RfcNumber, (Rfc Rfc, IReadOnlyList<RfcEvent> Events)> propose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(propose);
        var teamKey = TableKeys.TeamPartition(team);
        var createKey = context.ActivityId is null ? null : TableKeys.Create(context.Actor.Id, context.ActivityId);

        for (var attempt = 1; attempt <= options.MaxConflictRetries; attempt++)
        {
            RfcNumber number;
            var replayed = createKey is null ? null : await GetIfExistsAsync(tables.TeamIndex, teamKey, createKey, cancellationToken).ConfigureAwait(false);
            if (replayed is not null)
            {
                number = new RfcNumber(replayed.GetInt32("Number")!.Value);
                if (await FindAsync(new RfcId(team, number), cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    await index.RefreshAsync(existing, cancellationToken).ConfigureAwait(false);
                    return new RfcCommandResult(existing, [], AlreadyApplied: true);
                }
            }
            else
            {
                var counter = await GetIfExistsAsync(tables.TeamIndex, teamKey, TableKeys.CounterRow, cancellationToken).ConfigureAwait(false);
                number = new RfcNumber(counter?.GetInt32("Next") ?? 1);

                // Validate before taking the number, so a refused proposal never burns one.
                _ = propose(number);
                if (!await TryTakeNumberAsync(tables.TeamIndex, teamKey, counter, number.Value, createKey, cancellationToken).ConfigureAwait(false))
                {
                    await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            var (rfc, events) = propose(number);
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, RfcRow(rfc)),
            };
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, EventRow(rfc.Id, events)));
            try
            {
                await tables.Rfcs.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 0)
            {
                // A replay that crashed after taking the number found the RFC already written by its first run.
                var existing = (await FindAsync(rfc.Id, cancellationToken).ConfigureAwait(false))!;
                await index.RefreshAsync(existing, cancellationToken).ConfigureAwait(false);
                return new RfcCommandResult(existing, [], AlreadyApplied: true);
            }
            catch (TableTransactionFailedException ex)
            {
                Log.TransactionFailed(logger, ex, team.Value, number.ToString(), ex.Status, ex.FailedTransactionActionIndex ?? -1);
                throw new StoreWriteFailedException("The RFC could not be saved, so nothing was created. Please try again; if it keeps failing, tell your admin.", ex);
            }

            Log.RfcCreated(logger, rfc.Id.Team.Value, rfc.Number.ToString());
            await index.RefreshAsync(rfc, cancellationToken).ConfigureAwait(false);
            return new RfcCommandResult(rfc, events);
        }

        throw new StoreBusyException("Many RFCs are being created in this team right now. Nothing was saved; please try again.");
    }

    public async Task<Rfc?> FindAsync(RfcId id, CancellationToken cancellationToken) =>
        (await LoadAsync(id, cancellationToken).ConfigureAwait(false))?.Rfc;

    public Task<RfcCommandResult> ExecuteAsync(RfcId id, CommandContext context, RfcCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ExecuteCoreAsync(id, context, (rfc, _) => command(rfc), decisionNumber: null, cancellationToken);
    }

    public async Task<RfcCommandResult> ResolveAsync(RfcId id, CommandContext context, RfcResolution resolve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resolve);
        if (await FindAppliedAsync(id, context, cancellationToken).ConfigureAwait(false) is { } replay)
        {
            return replay;
        }

        // Check the resolution against the current RFC first, so that a refused one never reserves a number.
        var loaded = await LoadAsync(id, cancellationToken).ConfigureAwait(false) ?? throw NotFound(id);
        var reserved = await decisions.FindReservationAsync(id, cancellationToken).ConfigureAwait(false);
        _ = resolve(loaded.Rfc, reserved ?? await decisions.PeekNextAsync(id.Team, cancellationToken).ConfigureAwait(false));

        var number = reserved ?? await decisions.ReserveAsync(id, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ExecuteCoreAsync(id, context, (rfc, n) => resolve(rfc, n!.Value), number, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DomainRuleException or StoreBusyException or StoreWriteFailedException)
        {
            // The RFC changed under the resolution (withdrawn, a new concern…) or could not be saved: give the number back.
            if ((await FindAsync(id, cancellationToken).ConfigureAwait(false))?.Decision?.Number != number)
            {
                await decisions.ReleaseAsync(id, number, cancellationToken).ConfigureAwait(false);
            }

            throw;
        }
    }

    public async Task<IReadOnlyList<RfcEvent>> ReadEventsAsync(RfcId id, CancellationToken cancellationToken)
    {
        var events = new List<RfcEvent>();
        var filter = TableKeys.PrefixFilter(TableKeys.RfcPartition(id), TableKeys.EventPrefix);
        await foreach (var row in tables.Rfcs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            events.AddRange(StoreJson.Read<RfcEvent[]>(row));
        }

        return [.. events.OrderBy(e => e.Sequence)];
    }

    public Task<IReadOnlyList<RfcSummary>> ListAsync(TeamId team, RfcState? state, CancellationToken cancellationToken) =>
        index.ListAsync(team, state, cancellationToken);

    public Task<IReadOnlyList<RfcSummary>> ListDueAsync(DateTimeOffset closingBy, int max, CancellationToken cancellationToken) =>
        index.ListDueAsync(closingBy, max, cancellationToken);

    public Task<bool> TryClaimDueAsync(RfcId id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        index.TryClaimDueAsync(id, owner, now, until, cancellationToken);

    public Task<IReadOnlyList<DecisionLogEntry>> ListDecisionsAsync(TeamId team, CancellationToken cancellationToken) =>
        decisions.ListAsync(team, FindAsync, cancellationToken);

    public Task<DecisionLogEntry?> FindDecisionAsync(TeamId team, DecisionNumber number, CancellationToken cancellationToken) =>
        decisions.FindAsync(team, number, FindAsync, cancellationToken);

    private async Task<RfcCommandResult> ExecuteCoreAsync(RfcId id, CommandContext context, Func<Rfc, DecisionNumber?, IReadOnlyList<RfcEvent>> command, DecisionNumber? decisionNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var gate = gates[(int)((uint)StringComparer.Ordinal.GetHashCode(TableKeys.RfcPartition(id)) % gates.Length)];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; attempt <= options.MaxConflictRetries; attempt++)
            {
                if (await FindAppliedAsync(id, context, cancellationToken).ConfigureAwait(false) is { } replay)
                {
                    return replay;
                }

                var loaded = await LoadAsync(id, cancellationToken).ConfigureAwait(false) ?? throw NotFound(id);
                var events = command(loaded.Rfc, decisionNumber);
                if (events.Count == 0)
                {
                    // Nothing to save; bring the indexes up to date in case an earlier write to them was lost.
                    await RefreshIndexesAsync(loaded.Rfc, cancellationToken).ConfigureAwait(false);
                    return new RfcCommandResult(loaded.Rfc, events);
                }

                var (actions, opIndex) = BuildTransaction(loaded, events, context);
                try
                {
                    await tables.Rfcs.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 412)
                {
                    Interlocked.Increment(ref conflictRetries);
                    Log.ConflictRetry(logger, id.Team.Value, id.Number.ToString(), attempt);
                    await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == opIndex)
                {
                    continue;
                }
                catch (TableTransactionFailedException ex)
                {
                    Log.TransactionFailed(logger, ex, id.Team.Value, id.Number.ToString(), ex.Status, ex.FailedTransactionActionIndex ?? -1);
                    throw new StoreWriteFailedException("The change could not be saved, so nothing was changed. Please try again; if it keeps failing, tell your admin.", ex);
                }

                await RefreshIndexesAsync(loaded.Rfc, cancellationToken).ConfigureAwait(false);
                if (events.Any(e => e is RfcResolved or RfcSuperseded))
                {
                    await IndexOutboxAsync(loaded.Rfc, cancellationToken).ConfigureAwait(false);
                }

                return new RfcCommandResult(loaded.Rfc, events);
            }

            Log.GaveUp(logger, id.Team.Value, id.Number.ToString(), options.MaxConflictRetries);
            throw new StoreBusyException();
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task IndexOutboxAsync(Rfc rfc, CancellationToken cancellationToken)
    {
        try
        {
            await outbox.IndexAsync(rfc, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            // The entry is safe beside the decision; the publisher's sweep indexes it again.
            Log.IndexStale(logger, ex, rfc.Team.Value, rfc.Number.ToString());
        }
    }

    /// <summary>Team index, due windows and decision log after a commit (or a replay): each write only ever moves forward.</summary>
    private async Task RefreshIndexesAsync(Rfc rfc, CancellationToken cancellationToken)
    {
        await index.RefreshAsync(rfc, cancellationToken).ConfigureAwait(false);
        if (rfc.Decision is not { } decision)
        {
            return;
        }

        try
        {
            await decisions.RecordAsync(decision, rfc.LastSequence, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            // The record is safe in the RFC's partition; the log entry is repaired when it is read or the action replayed.
            Log.IndexStale(logger, ex, decision.Team.Value, decision.Number.ToString());
        }
    }

    private async Task<RfcCommandResult?> FindAppliedAsync(RfcId id, CommandContext context, CancellationToken cancellationToken)
    {
        if (context.ActivityId is null)
        {
            return null;
        }

        var op = await GetIfExistsAsync(tables.Rfcs, TableKeys.RfcPartition(id), TableKeys.Op(context.Actor.Id, context.ActivityId), cancellationToken).ConfigureAwait(false);
        if (op is null)
        {
            return null;
        }

        Log.Replayed(logger, id.Team.Value, id.Number.ToString(), context.ActivityId);
        var rfc = await FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw NotFound(id);
        await RefreshIndexesAsync(rfc, cancellationToken).ConfigureAwait(false);
        return new RfcCommandResult(rfc, [], AlreadyApplied: true);
    }

    private static (List<TableTransactionAction> Actions, int OpIndex) BuildTransaction(LoadedRfc loaded, IReadOnlyList<RfcEvent> events, CommandContext context)
    {
        var rfc = loaded.Rfc;
        var pk = TableKeys.RfcPartition(rfc.Id);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, RfcRow(rfc), loaded.ETag),
        };

        var ballots = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var concerns = new SortedDictionary<int, bool>(); // concern id → first raised by this command
        foreach (var e in events)
        {
            switch (e)
            {
                case VoteCast when e.Actor is not null && ballots.Add(e.Actor.Id):
                    var ballot = rfc.BallotOf(e.Actor)!;
                    actions.Add(new(TableTransactionActionType.UpsertReplace, JsonRow(pk, TableKeys.Ballot(ballot.Voter.Id), ballot)));
                    break;
                case ConcernRaised raised:
                    concerns[raised.ConcernId] = true;
                    break;
                case ConcernResolved resolved:
                    concerns.TryAdd(resolved.ConcernId, false);
                    break;
                case ConcernOverruled overruled:
                    concerns.TryAdd(overruled.ConcernId, false);
                    break;
                case CommentAdded added:
                    var comment = rfc.Comments.First(c => c.Id == added.CommentId);
                    actions.Add(new(TableTransactionActionType.Add, JsonRow(pk, TableKeys.Comment(comment.Id), comment)));
                    break;
                case RfcResolved:
                    actions.AddRange(StoreJson.WriteRows(pk, TableKeys.DecisionRow, rfc.Decision!).Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)));
                    actions.Add(new(TableTransactionActionType.UpsertReplace, TableOutbox.PendingRow(rfc, e.At)));
                    break;
                case RfcSuperseded:
                    actions.AddRange(StoreJson.WriteRows(pk, TableKeys.DecisionRow, rfc.Decision!).Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)));
                    actions.Add(new(TableTransactionActionType.UpsertReplace, TableOutbox.PendingRow(rfc, e.At)));
                    break;
                default:
                    break;
            }
        }

        foreach (var (concernId, isNew) in concerns)
        {
            var concern = rfc.Concerns.First(c => c.Id == concernId);
            actions.Add(new(isNew ? TableTransactionActionType.Add : TableTransactionActionType.UpsertReplace, JsonRow(pk, TableKeys.Concern(concernId), concern)));
        }

        actions.Add(new(TableTransactionActionType.Add, EventRow(rfc.Id, events)));
        var opIndex = -1;
        if (context.ActivityId is not null)
        {
            var op = new TableEntity(pk, TableKeys.Op(context.Actor.Id, context.ActivityId))
            {
                ["ActorId"] = context.Actor.Id,
                ["ActivityId"] = context.ActivityId,
                ["FirstSequence"] = events[0].Sequence,
            };
            opIndex = actions.Count;
            actions.Add(new(TableTransactionActionType.Add, op));
        }

        return (actions, opIndex);
    }

    /// <summary>
    /// Reads the RFC row first and the rest after it: a write landing in between changes the RFC row, so the
    /// ETag taken here is stale and the commit is refused (412) rather than built on a mixed snapshot.
    /// </summary>
    private async Task<LoadedRfc?> LoadAsync(RfcId id, CancellationToken cancellationToken)
    {
        var pk = TableKeys.RfcPartition(id);
        var rfcRow = await GetIfExistsAsync(tables.Rfcs, pk, TableKeys.RfcRow, cancellationToken).ConfigureAwait(false);
        if (rfcRow is null)
        {
            return null;
        }

        var filter = $"PartitionKey eq '{TableKeys.Quote(pk)}' and RowKey lt '{TableKeys.EventPrefix}'";
        var decisionRows = new List<TableEntity>();
        var ballots = new List<Ballot>();
        var concerns = new List<Concern>();
        var comments = new List<Comment>();
        await foreach (var row in tables.Rfcs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var key = row.RowKey;
            if (key == TableKeys.DecisionRow || key.StartsWith(TableKeys.DecisionRow + "|", StringComparison.Ordinal))
            {
                decisionRows.Add(row);
            }
            else if (key.StartsWith(TableKeys.BallotPrefix, StringComparison.Ordinal))
            {
                ballots.Add(StoreJson.Read<Ballot>(row));
            }
            else if (key.StartsWith(TableKeys.ConcernPrefix, StringComparison.Ordinal))
            {
                concerns.Add(StoreJson.Read<Concern>(row));
            }
            else if (key.StartsWith(TableKeys.CommentPrefix, StringComparison.Ordinal))
            {
                comments.Add(StoreJson.Read<Comment>(row));
            }
        }

        var decision = decisionRows.Count > 0 ? StoreJson.ReadRows<DecisionRecord>(decisionRows) : null;
        var core = StoreJson.Read<RfcCore>(rfcRow) with { Decision = decision };
        return new LoadedRfc(Rfc.Rehydrate(core, ballots, concerns, comments), rfcRow.ETag);
    }

    private static TableEntity RfcRow(Rfc rfc)
    {
        var entity = new TableEntity(TableKeys.RfcPartition(rfc.Id), TableKeys.RfcRow)
        {
            ["Team"] = rfc.Team.Value,
            ["Number"] = rfc.Number.Value,
            ["Title"] = rfc.Title,
            ["State"] = rfc.State.ToString(),
            ["LastSequence"] = rfc.LastSequence,
        };

        // The decision record has its own row; keeping it out keeps this row well under the 1 MiB entity limit.
        StoreJson.Write(entity, rfc.ToCore() with { Decision = null });
        return entity;
    }

    private static TableEntity EventRow(RfcId id, IReadOnlyList<RfcEvent> events)
    {
        var entity = new TableEntity(TableKeys.RfcPartition(id), TableKeys.Event(events[0].Sequence))
        {
            ["Count"] = events.Count,
            ["Types"] = string.Join(',', events.Select(e => e.GetType().Name)),
        };
        StoreJson.Write<RfcEvent[]>(entity, [.. events]);
        return entity;
    }

    private static TableEntity JsonRow<T>(string partitionKey, string rowKey, T value)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        StoreJson.Write(entity, value);
        return entity;
    }

    /// <summary>Takes <paramref name="number"/> from a team counter: one transaction moves the counter and records who took it.</summary>
    internal static async Task<bool> TryTakeNumberAsync(TableClient table, string partitionKey, TableEntity? counter, int number, string? claimRowKey, CancellationToken cancellationToken)
    {
        var next = new TableEntity(partitionKey, TableKeys.CounterRow) { ["Next"] = number + 1 };
        var actions = new List<TableTransactionAction>
        {
            counter is null
                ? new(TableTransactionActionType.Add, next)
                : new(TableTransactionActionType.UpdateReplace, next, counter.ETag),
        };
        if (claimRowKey is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(partitionKey, claimRowKey) { ["Number"] = number }));
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    internal static async Task<TableEntity?> GetIfExistsAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Exponential back-off with full jitter, capped at a quarter second.</summary>
    internal static Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        var ceiling = Math.Min(250, 5 * (1 << Math.Min(attempt, 6)));
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, ceiling)), cancellationToken);
    }

    private static NotFoundException NotFound(RfcId id) => new($"{id.Number} does not exist in this team.");

    private sealed record LoadedRfc(Rfc Rfc, ETag ETag);
}
