using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// RFCs on Azure Table Storage, one partition per RFC. Commands go through <see cref="RfcWriteLanes"/> (group commit
/// on the RFC as last written, one ETag-guarded transaction per batch). Indexes (team list, due windows, decision
/// log) live in other partitions and are written after the commit, and only when the command changed what they
/// hold: opening, extending, closing, resolving, withdrawing, superseding. Each index row carries the RFC's sequence
/// so a late writer never rolls it back. Every successful command but a vote (a superseded RFC's mark included: it is
/// a command on the old RFC) is signalled in process through <see cref="RfcChangeSignal"/>, for the search index.
/// </summary>
internal sealed partial class TableRfcStore : IRfcStore
{
    /// <summary>How long index writes after a commit may take before they are left to the repairs (replays, log reads, sweeps).</summary>
    private static readonly TimeSpan IndexWriteTimeout = TimeSpan.FromSeconds(30);

    private readonly TableStorageContext tables;
    private readonly StorageOptions options;
    private readonly ILogger<TableRfcStore> logger;
    private readonly RfcSnapshots snapshots;
    private readonly RfcWriteLanes lanes;
    private readonly RfcIndexWriter index;
    private readonly DecisionLog decisions;
    private readonly TableOutbox outbox;
    private readonly TableNotificationOutbox notifications;
    private readonly RfcChangeSignal changed;

    public TableRfcStore(TableStorageContext tables, RfcSnapshots snapshots, RfcWriteLanes lanes, RfcIndexWriter index, DecisionLog decisions, TableOutbox outbox, TableNotificationOutbox notifications, RfcChangeSignal changed, IOptions<StorageOptions> options, ILogger<TableRfcStore> logger)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        this.tables = tables;
        this.snapshots = snapshots;
        this.lanes = lanes;
        this.index = index;
        this.decisions = decisions;
        this.outbox = outbox;
        this.notifications = notifications;
        this.changed = changed;
        this.options = options.Value;
        this.logger = logger;
        tables.TableRecreated += (_, _) => snapshots.Clear();
    }

    /// <summary>How many times a command was re-applied because another writer changed the RFC first.</summary>
    public long ConflictRetries => lanes.ConflictRetries;

    public async Task<RfcCommandResult> CreateAsync(TeamId team, CommandContext context, Func<RfcNumber, (Rfc Rfc, IReadOnlyList<RfcEvent> Events)> propose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(propose);
        var teamKey = TableKeys.TeamPartition(team);
        var createKey = context.ActivityId is null ? null : TableKeys.Create(context.Actor.Id, context.ActivityId);
        var result = await OptimisticConcurrency.RunAsync(options.MaxConflictRetries, async ct =>
        {
            RfcNumber number;
            var replayed = createKey is null ? null : await TableRead.GetAsync(tables.TeamIndex, teamKey, createKey, ct).ConfigureAwait(false);
            if (replayed is not null)
            {
                number = new RfcNumber(replayed.GetInt32("Number")!.Value);
                if (await FindAsync(new RfcId(team, number), ct).ConfigureAwait(false) is { } existing)
                {
                    await index.RefreshAsync(existing, ct).ConfigureAwait(false);
                    return new RfcCommandResult(existing, [], AlreadyApplied: true);
                }
            }
            else
            {
                var counter = await TableRead.GetAsync(tables.TeamIndex, teamKey, TableKeys.CounterRow, ct).ConfigureAwait(false);
                number = new RfcNumber(counter?.GetInt32("Next") ?? 1);

                // Validate before taking the number, so a refused proposal never burns one.
                _ = propose(number);
                await TakeNumberAsync(tables.TeamIndex, teamKey, counter, number.Value, createKey, ct).ConfigureAwait(false);
            }

            return await WriteNewAsync(team, number, propose, ct).ConfigureAwait(false);
        }, () => throw new StoreBusyException("Many RFCs are being created in this team right now. Nothing was saved; please try again."), cancellationToken).ConfigureAwait(false);
        Signal(result);
        return result;
    }

    public async Task<Rfc?> FindAsync(RfcId id, CancellationToken cancellationToken) =>
        (await snapshots.ReadAsync(id, cancellationToken).ConfigureAwait(false))?.Rfc;

    public async Task<RfcCommandResult> ExecuteAsync(RfcId id, CommandContext context, RfcCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(command);
        var result = await lanes.RunAsync(id, context, (rfc, _) => command(rfc), decisionNumber: null, cancellationToken).ConfigureAwait(false);
        await AfterCommitAsync(result).ConfigureAwait(false);
        Signal(result);
        return result;
    }

    public async Task<RfcCommandResult> ResolveAsync(RfcId id, CommandContext context, RfcResolution resolve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resolve);
        if (await FindAppliedAsync(id, context, cancellationToken).ConfigureAwait(false) is { } replay)
        {
            await AfterCommitAsync(replay).ConfigureAwait(false);
            return replay;
        }

        // Check the resolution against the current RFC first, so that a refused one never reserves a number.
        var loaded = await FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw NotFound(id);
        var reserved = await decisions.FindReservationAsync(id, cancellationToken).ConfigureAwait(false);
        _ = resolve(loaded.Copy(), reserved ?? await decisions.PeekNextAsync(id.Team, cancellationToken).ConfigureAwait(false));

        var number = reserved ?? await decisions.ReserveAsync(id, cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await lanes.RunAsync(id, context, (rfc, n) => resolve(rfc, n!.Value), number, cancellationToken).ConfigureAwait(false);
            await AfterCommitAsync(result).ConfigureAwait(false);
            Signal(result);
            return result;
        }
        catch (Exception ex) when (ex is DomainRuleException or StoreBusyException or StoreWriteFailedException)
        {
            // The RFC changed under the resolution (withdrawn, a new concern…) or could not be saved: give the number back.
            // Not the caller's budget: the number must go back even when the answer is already late.
            if ((await FindAsync(id, CancellationToken.None).ConfigureAwait(false))?.Decision?.Number != number)
            {
                await decisions.ReleaseAsync(id, number, CancellationToken.None).ConfigureAwait(false);
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

    public async Task MarkChannelCardShownAsync(RfcId id, long sequence, CancellationToken cancellationToken)
    {
        var pk = TableKeys.RfcPartition(id);
        var header = await snapshots.ReadHeaderAsync(id, cancellationToken).ConfigureAwait(false);
        if (header is null || header.GetInt64("LastSequence") != sequence || header.GetBoolean(TransactionPlan.CardBehind) != true)
        {
            return;
        }

        try
        {
            var response = await tables.Rfcs.UpdateEntityAsync(new TableEntity(pk, TableKeys.RfcRow) { [TransactionPlan.CardBehind] = false }, header.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);

            // Only this flag moved: the RFC this instance holds is still current, under the header's new ETag.
            if (snapshots.Cached(id) is { } cached && cached.Rfc.LastSequence == sequence && response.Headers.ETag is { } etag)
            {
                snapshots.Remember(cached with { ETag = etag });
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // A newer change landed: its own update follows.
        }
    }

    public async Task<bool> IsChannelCardBehindAsync(RfcId id, CancellationToken cancellationToken)
    {
        var header = await snapshots.ReadHeaderAsync(id, cancellationToken).ConfigureAwait(false);
        return header?.GetBoolean(TransactionPlan.CardBehind) == true;
    }

    public async Task<IReadOnlyList<RfcId>> ListChannelCardsBehindAsync(int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {TableKeys.RfcRow} and CardBehind eq {true}");
        var behind = new List<RfcId>();
        await foreach (var row in tables.Rfcs.QueryAsync<TableEntity>(filter, select: ["Team", "Number"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            behind.Add(new RfcId(new TeamId(row.GetString("Team")!), new RfcNumber(row.GetInt32("Number")!.Value)));
            if (behind.Count >= max)
            {
                break;
            }
        }

        return behind;
    }

    /// <summary>Which events change what a reader of the RFC's text sees: all but votes (a tally is not searched).</summary>
    internal static bool ChangesText(IEnumerable<RfcEvent> events) => events.Any(e => e is not VoteCast);

    /// <summary>Which events change what the team index, the due windows or the decision log hold.</summary>
    internal static bool ChangesIndexes(IEnumerable<RfcEvent> events) =>
        events.Any(e => e is RfcProposed or RfcOpened or CommentWindowExtended or CommentWindowClosed or RfcClosedEarly or RfcResolved or RfcWithdrawn or RfcSuperseded);

    /// <summary>Tells this process's readers (the search index) that the RFC changed; a vote or a replay changes nothing they hold.</summary>
    private void Signal(RfcCommandResult result)
    {
        if (!result.AlreadyApplied && ChangesText(result.Events))
        {
            changed.Changed(result.Rfc.Id);
        }
    }

    private async Task<RfcCommandResult> WriteNewAsync(TeamId team, RfcNumber number, Func<RfcNumber, (Rfc Rfc, IReadOnlyList<RfcEvent> Events)> propose, CancellationToken cancellationToken)
    {
        var (rfc, events) = propose(number);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, TransactionPlan.RfcRow(rfc)),
            new(TableTransactionActionType.Add, TransactionPlan.EventRow(rfc.Id, events)),
        };
        try
        {
            var response = await tables.Rfcs.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            if (response.Value.Count > 0 && response.Value[0].Headers.ETag is { } etag)
            {
                snapshots.Remember(new RfcSnapshot(rfc, etag));
            }
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 0)
        {
            // A replay that crashed after taking the number found the RFC already written by its first run.
            var existing = (await FindAsync(rfc.Id, cancellationToken).ConfigureAwait(false))!;
            await index.RefreshAsync(existing, cancellationToken).ConfigureAwait(false);
            return new RfcCommandResult(existing, [], AlreadyApplied: true);
        }
        catch (TableTransactionFailedException ex) when (ex.ErrorCode != TableRecovery.TableNotFound)
        {
            Log.TransactionFailed(logger, ex, team.Value, number.ToString(), ex.Status, ex.FailedTransactionActionIndex ?? -1);
            throw new StoreWriteFailedException("The RFC could not be saved, so nothing was created. Please try again; if it keeps failing, tell your admin.", ex);
        }

        Log.RfcCreated(logger, rfc.Id.Team.Value, rfc.Number.ToString());
        await index.RefreshAsync(rfc, cancellationToken).ConfigureAwait(false);
        return new RfcCommandResult(rfc, events);
    }

    /// <summary>
    /// Brings the indexes up to date after a command that changed what they hold, or after a replay (an earlier write
    /// to them may have been lost with the process). Votes and comments change none of them and write none of them.
    /// Not cancelled by the caller's invoke budget: the command is saved, and its answer must not say otherwise.
    /// </summary>
    private async Task AfterCommitAsync(RfcCommandResult result)
    {
        if (result.AlreadyApplied || RfcNotifications.AnyIn(result.Events))
        {
            await PromoteNotificationsAsync(result.Rfc).ConfigureAwait(false);
        }

        if (!result.AlreadyApplied && !ChangesIndexes(result.Events))
        {
            return;
        }

        using var bounded = new CancellationTokenSource(IndexWriteTimeout);
        var cancellationToken = bounded.Token;
        var rfc = result.Rfc;
        try
        {
            await index.RefreshAsync(rfc, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            Log.IndexStale(logger, ex, rfc.Team.Value, rfc.Number.ToString());
            return;
        }

        if (rfc.Decision is not { } decision)
        {
            return;
        }

        try
        {
            await decisions.RecordAsync(decision, rfc.LastSequence, cancellationToken).ConfigureAwait(false);
            if (result.Events.Any(e => e is RfcResolved or RfcSuperseded))
            {
                await outbox.IndexAsync(rfc, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException or IOException)
        {
            // The record and its outbox entry are safe in the RFC's partition; the log entry is repaired when it is
            // read or the action replayed, and the publisher's sweep indexes the outbox entry again.
            Log.IndexStale(logger, ex, decision.Team.Value, decision.Number.ToString());
        }
    }

    /// <summary>
    /// Moves the notifications the command saved with it into the outbox, so the delivery worker sees them at once.
    /// A failure here loses nothing: they stay in the RFC's partition until a replay or the outbox sweep moves them.
    /// </summary>
    private async Task PromoteNotificationsAsync(Rfc rfc)
    {
        using var bounded = new CancellationTokenSource(IndexWriteTimeout);
        try
        {
            await notifications.PromoteAsync(TableKeys.RfcPartition(rfc.Id), bounded.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException or IOException)
        {
            Log.NotificationsNotMoved(logger, ex, rfc.Team.Value, rfc.Number.ToString());
        }
    }

    private async Task<RfcCommandResult?> FindAppliedAsync(RfcId id, CommandContext context, CancellationToken cancellationToken)
    {
        if (context.ActivityId is null)
        {
            return null;
        }

        var op = await TableRead.GetAsync(tables.Rfcs, TableKeys.RfcPartition(id), TableKeys.Op(context.Actor.Id, context.ActivityId), cancellationToken).ConfigureAwait(false);
        if (op is null)
        {
            return null;
        }

        Log.Replayed(logger, id.Team.Value, id.Number.ToString(), context.ActivityId);
        var rfc = await FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw NotFound(id);
        return new RfcCommandResult(rfc, [], AlreadyApplied: true);
    }

    /// <summary>Takes <paramref name="number"/> from a team counter: one transaction moves the counter and records who took it (409/412 when another writer won).</summary>
    internal static async Task TakeNumberAsync(TableClient table, string partitionKey, TableEntity? counter, int number, string? claimRowKey, CancellationToken cancellationToken)
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

        await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
    }

    private static NotFoundException NotFound(RfcId id) => new($"{id.Number} does not exist in this team.");
}
