using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// Group commit, one lane per RFC. Commands for the same RFC queue in its lane; one batch at a time is applied to
/// the RFC as last written (<see cref="RfcSnapshots"/>) and saved as ONE entity-group transaction guarded by the
/// header's ETag, so a burst of N votes costs about N / <see cref="MaxCommandsPerBatch"/> requests and no vote waits
/// for N others one by one. A replayed activity loses its op-row insert (409) and is answered as already applied;
/// a refused command is answered alone and never reaches the store; when another writer won (412) the batch is
/// applied again to the RFC as it now is.
/// </summary>
internal sealed class RfcWriteLanes(TableStorageContext tables, RfcSnapshots snapshots, IOptions<StorageOptions> options, ILogger<RfcWriteLanes> logger)
{
    /// <summary>Measured on Azurite: about 11 votes per batch was fastest, 33 slower (bigger bodies, longer holds).</summary>
    public const int MaxCommandsPerBatch = 11;

    /// <summary>An entity-group transaction holds at most 100 entities and 4 MiB.</summary>
    private const int MaxEntities = 100;
    private const long MaxBatchBytes = 3 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Lane> lanes = new(StringComparer.Ordinal);
    private long conflictRetries;

    /// <summary>How many times a batch was applied again because another writer changed the RFC first.</summary>
    public long ConflictRetries => Interlocked.Read(ref conflictRetries);

    /// <summary>
    /// Queues the command and completes when it is saved (or refused, or found already applied). When
    /// <paramref name="cancellationToken"/> fires while the command still waits in the lane, it is taken out and
    /// never written (<see cref="OperationCanceledException"/>); once its batch is on the wire, the outcome of that
    /// batch is the answer.
    /// </summary>
    public Task<RfcCommandResult> RunAsync(RfcId id, CommandContext context, Func<Rfc, DecisionNumber?, IReadOnlyList<RfcEvent>> command, DecisionNumber? decisionNumber, CancellationToken cancellationToken)
    {
        var pending = new Pending(id, context, command, decisionNumber, cancellationToken);
        var lane = lanes.GetOrAdd(TableKeys.RfcPartition(id), key => new Lane(key));
        bool start;
        lock (lane)
        {
            lane.Queue.Add(pending);
            start = !lane.Running;
            lane.Running = true;
        }

        if (cancellationToken.CanBeCanceled)
        {
            // Only a command still waiting in the lane is taken out; once in a batch, the batch's outcome answers it.
            var registration = cancellationToken.Register(() =>
            {
                lock (lane)
                {
                    if (!lane.Queue.Remove(pending))
                    {
                        return;
                    }
                }

                pending.Completion.TrySetException(StoreUnavailableException.NotSaved(new OperationCanceledException(cancellationToken)));
            });
            _ = pending.Completion.Task.ContinueWith(static (_, state) => ((CancellationTokenRegistration)state!).Dispose(), registration, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        if (start)
        {
            // The drain serves everyone in the lane: it must not carry this caller's context (its budget, its trace).
            if (ExecutionContext.IsFlowSuppressed())
            {
                _ = Task.Run(() => DrainAsync(lane), CancellationToken.None);
            }
            else
            {
                using (ExecutionContext.SuppressFlow())
                {
                    _ = Task.Run(() => DrainAsync(lane), CancellationToken.None);
                }
            }
        }

        return pending.Completion.Task;
    }

    private async Task DrainAsync(Lane lane)
    {
        while (true)
        {
            List<Pending> batch;
            lock (lane)
            {
                if (lane.Queue.Count == 0)
                {
                    lane.Running = false;

                    // A caller that took this lane just before still finds it working (it restarts the drain); a new
                    // one gets a fresh lane, and the ETag keeps two lanes of one RFC correct.
                    lanes.TryRemove(new KeyValuePair<string, Lane>(lane.Key, lane));
                    return;
                }

                // A resolution writes many rows and reserves a number: it goes alone.
                var solo = lane.Queue[0].DecisionNumber is not null;
                var take = solo ? 1 : lane.Queue.TakeWhile(p => p.DecisionNumber is null).Take(MaxCommandsPerBatch).Count();
                batch = lane.Queue.GetRange(0, take);
                lane.Queue.RemoveRange(0, take);
            }

            try
            {
                // The store's retries for this batch are bounded by its most patient caller (none: no bound).
                var deadlines = batch.Select(p => p.Deadline).ToList();
                using var budget = StoreCallBudget.Continue(deadlines.Any(d => d is null) ? null : deadlines.Max());
                var leftOver = await CommitAsync(batch).ConfigureAwait(false);
                if (leftOver.Count > 0)
                {
                    lock (lane)
                    {
                        lane.Queue.InsertRange(0, leftOver);
                    }
                }
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>Saves as many of <paramref name="batch"/> as fit in one transaction; returns the ones that did not fit.</summary>
    private async Task<List<Pending>> CommitAsync(List<Pending> batch)
    {
        var id = batch[0].Id;
        var maxAttempts = options.Value.MaxConflictRetries;
        var live = batch;
        var leftOver = new List<Pending>();
        using var abandoned = new BatchAbandonment(batch);
        var token = abandoned.Token;

        // Set when a transaction of this batch was sent more than once and may have landed before a later try was
        // refused: from then on a failure cannot be answered "not saved".
        var mayHaveLanded = false;
        Exception NotSavedOrUnconfirmed(Exception cause) => mayHaveLanded ? StoreUnavailableException.Unconfirmed(cause) : StoreUnavailableException.NotSaved(cause);

        for (var attempt = 1; attempt <= maxAttempts && live.Count > 0; attempt++)
        {
            var cached = attempt == 1 ? snapshots.Cached(id) : null;
            RfcSnapshot? snapshot;
            try
            {
                snapshot = cached ?? await snapshots.RevalidateAsync(id, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsUnanswered(ex))
            {
                // Nothing of this attempt was sent, and an earlier attempt was refused whole (412).
                FailAll(live, ex is RequestFailedException { ErrorCode: TableRecovery.TableNotFound } ? NotFound(id) : NotSavedOrUnconfirmed(ex));
                return leftOver;
            }

            if (snapshot is null)
            {
                FailAll(live, NotFound(id));
                return leftOver;
            }

            // Decisions taken on a cached copy hold only once the store confirms the copy was current: by the
            // commit's ETag check, or (when nothing is written) by reading the RFC row.
            var provisional = cached is not null;
            var round = Apply(snapshot, live);
            if (round.OverflowAt > 0)
            {
                leftOver.InsertRange(0, live.Skip(round.OverflowAt));
                live = [.. live.Take(round.OverflowAt)];
                round = Apply(snapshot, live);
            }

            if (round.Applied.Count == 0)
            {
                if (provisional && !await IsCurrentAsync(snapshot, token).ConfigureAwait(false))
                {
                    snapshots.Forget(id);
                    live = round.Everyone;
                    continue;
                }

                round.Complete(snapshot.Rfc);
                await round.AnswerUnchangedAndRefusedAsync(this, id, snapshot.Rfc, token).ConfigureAwait(false);
                return leftOver;
            }

            var probe = StoreCallBudget.Watch();
            try
            {
                var response = await tables.Rfcs.SubmitTransactionAsync(round.Plan.Actions, token).ConfigureAwait(false);
                if (response.Value.Count > 0 && response.Value[0].Headers.ETag is { } etag)
                {
                    snapshots.Remember(new RfcSnapshot(round.Working, etag));
                }
                else
                {
                    snapshots.Forget(id);
                }

                round.Complete(round.Working);
                await round.AnswerUnchangedAndRefusedAsync(this, id, round.Working, CancellationToken.None).ConfigureAwait(false);
                return leftOver;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 412)
            {
                Interlocked.Increment(ref conflictRetries);
                Log.ConflictRetry(logger, id.Team.Value, id.Number.ToString(), attempt);
                snapshots.Forget(id);
                mayHaveLanded |= probe.Tries > 1;
                live = round.Everyone;
                try
                {
                    await OptimisticConcurrency.BackOffAsync(attempt, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException cancelled)
                {
                    FailAll(live, NotSavedOrUnconfirmed(cancelled));
                    return leftOver;
                }
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && round.Plan.OwnerOfOp<Pending>(ex.FailedTransactionActionIndex) is { } replayed)
            {
                // This activity was applied before (a retry by Teams, a second click on the same card, or the SDK
                // resending a transaction that had landed).
                Log.Replayed(logger, id.Team.Value, id.Number.ToString(), replayed.Context.ActivityId ?? "-");
                snapshots.Forget(id);
                var others = round.Everyone.Where(p => !ReferenceEquals(p, replayed)).ToList();
                try
                {
                    var current = await snapshots.ReadAsync(id, token).ConfigureAwait(false);
                    round.CompleteReplay(replayed, current?.Rfc ?? snapshot.Rfc);
                }
                catch (Exception read) when (IsUnanswered(read))
                {
                    // Applied before, but the RFC as it now is cannot be shown: say only what is known.
                    round.FailReplay(replayed, StoreUnavailableException.Unconfirmed(read));
                }

                live = [.. others.Where(p => !p.Completion.Task.IsCompleted)];
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 && cached is not null)
            {
                // A row this instance thought new exists, or one it thought there is gone (the RFC's table was
                // deleted and created again): the cached copy is behind. Load it again and re-apply.
                snapshots.Forget(id);
                live = round.Everyone;
            }
            catch (TableTransactionFailedException ex) when (ex.ErrorCode != TableRecovery.TableNotFound)
            {
                snapshots.Forget(id);
                Log.TransactionFailed(logger, ex, id.Team.Value, id.Number.ToString(), ex.Status, ex.FailedTransactionActionIndex ?? -1);
                FailAll(round.Everyone, mayHaveLanded
                    ? StoreUnavailableException.Unconfirmed(ex)
                    : new StoreWriteFailedException("The change could not be saved, so nothing was changed. Please try again; if it keeps failing, tell your admin.", ex));
                return leftOver;
            }
            catch (Exception ex) when (IsUnanswered(ex))
            {
                // The store did not answer, or its tables are gone. Whether the batch landed is unknown unless no
                // try reached the store (refused at connect), so the next batch starts from the store.
                snapshots.Forget(id);
                if (ex is RequestFailedException { ErrorCode: TableRecovery.TableNotFound })
                {
                    await tables.RecoverTableAsync(tables.Rfcs.Name, CancellationToken.None).ConfigureAwait(false);
                    FailAll(round.Everyone, NotFound(id));
                }
                else
                {
                    FailAll(round.Everyone, probe.MaybeDelivered || mayHaveLanded ? StoreUnavailableException.Unconfirmed(ex) : StoreUnavailableException.NotSaved(ex));
                }

                return leftOver;
            }
        }

        if (live.Count > 0)
        {
            Log.GaveUp(logger, id.Team.Value, id.Number.ToString(), maxAttempts);
            FailAll(live, mayHaveLanded ? StoreUnavailableException.Unconfirmed() : new StoreBusyException());
        }

        return leftOver;
    }

    /// <summary>Failures that leave the store's answer unknown: no answer, a cut connection, the caller gone, several tries failing.</summary>
    private static bool IsUnanswered(Exception ex) =>
        ex is RequestFailedException or OperationCanceledException or IOException or HttpRequestException
        || (ex is AggregateException all && all.InnerExceptions.All(IsUnanswered));

    private static NotFoundException NotFound(RfcId id) => new($"{id.Number} does not exist in this team.");

    /// <summary>Whether the cached copy is still the RFC: one read of its row.</summary>
    private async Task<bool> IsCurrentAsync(RfcSnapshot snapshot, CancellationToken cancellationToken)
    {
        try
        {
            var header = await snapshots.ReadHeaderAsync(snapshot.Rfc.Id, cancellationToken).ConfigureAwait(false);
            return header is not null && header.ETag == snapshot.ETag;
        }
        catch (Exception ex) when (IsUnanswered(ex))
        {
            // Cannot tell: answer from the copy rather than not at all (nothing is written either way).
            return true;
        }
    }

    /// <summary>Whether this activity's command was stored before (its idempotency row exists).</summary>
    private async Task<bool> WasAppliedAsync(RfcId id, CommandContext context, CancellationToken cancellationToken)
    {
        if (context.ActivityId is null)
        {
            return false;
        }

        try
        {
            return await TableRead.GetAsync(tables.Rfcs, TableKeys.RfcPartition(id), TableKeys.Op(context.Actor.Id, context.ActivityId), cancellationToken).ConfigureAwait(false) is not null;
        }
        catch (Exception ex) when (IsUnanswered(ex))
        {
            return false;
        }
    }

    /// <summary>Runs the commands, in order, on a private copy of <paramref name="snapshot"/> and plans the transaction.</summary>
    private static Round Apply(RfcSnapshot snapshot, List<Pending> live)
    {
        var round = new Round(snapshot.Copy(), new TransactionPlan(TableKeys.RfcPartition(snapshot.Rfc.Id)));
        round.Plan.Header(round.Working, snapshot.ETag);
        for (var i = 0; i < live.Count; i++)
        {
            var pending = live[i];
            if (round.Plan.FindOp<Pending>(pending.Context) is { } first)
            {
                // The same activity twice in one batch: the second is a replay of the first.
                round.Duplicates.Add((pending, first));
                continue;
            }

            IReadOnlyList<RfcEvent> events;
            try
            {
                events = pending.Command(round.Working, pending.DecisionNumber);
            }
            catch (Exception ex) when (ex is DomainRuleException or ArgumentException)
            {
                // Refused: the domain left the copy as it was. Answered once the copy is known to be current.
                round.Refused.Add((pending, ex));
                continue;
            }

            if (events.Count == 0)
            {
                round.Unchanged.Add(pending);
                continue;
            }

            round.Plan.Add(round.Working, events, pending.Context, pending);
            if (i > 0 && round.Plan.IsOverLimit(MaxEntities, MaxBatchBytes))
            {
                round.OverflowAt = i;
                return round;
            }

            round.Applied.Add((pending, events));
        }

        return round;
    }

    private static void FailAll(IEnumerable<Pending> pendings, Exception ex)
    {
        foreach (var pending in pendings)
        {
            pending.Completion.TrySetException(ex);
        }
    }

    /// <summary>One application of a batch to a copy of the RFC, and who gets which answer if it is saved.</summary>
    private sealed class Round(Rfc working, TransactionPlan plan)
    {
        public Rfc Working { get; } = working;

        public TransactionPlan Plan { get; } = plan;

        public List<(Pending Pending, IReadOnlyList<RfcEvent> Events)> Applied { get; } = [];

        public List<Pending> Unchanged { get; } = [];

        public List<(Pending Pending, Exception Refusal)> Refused { get; } = [];

        public List<(Pending Duplicate, Pending First)> Duplicates { get; } = [];

        public int OverflowAt { get; set; } = -1;

        /// <summary>Everyone in this round who has no answer yet, in their order in the lane.</summary>
        public List<Pending> Everyone => [.. Applied.Select(a => a.Pending), .. Unchanged, .. Refused.Select(r => r.Pending), .. Duplicates.Select(d => d.Duplicate)];

        public void Complete(Rfc saved)
        {
            foreach (var (pending, events) in Applied)
            {
                pending.Completion.TrySetResult(new RfcCommandResult(saved, events));
            }

            foreach (var (duplicate, _) in Duplicates)
            {
                duplicate.Completion.TrySetResult(new RfcCommandResult(saved, [], AlreadyApplied: true));
            }
        }

        /// <summary>
        /// Commands that changed nothing, or were refused, are answered as applied when their activity was stored
        /// before (a replay: withdrawing twice is refused the second time, the same vote again changes nothing, but
        /// the first is what the person did); otherwise as they came out.
        /// </summary>
        public async Task AnswerUnchangedAndRefusedAsync(RfcWriteLanes lanes, RfcId id, Rfc current, CancellationToken cancellationToken)
        {
            foreach (var pending in Unchanged)
            {
                var replayed = await lanes.WasAppliedAsync(id, pending.Context, cancellationToken).ConfigureAwait(false);
                pending.Completion.TrySetResult(new RfcCommandResult(current, [], AlreadyApplied: replayed));
            }

            foreach (var (pending, refusal) in Refused)
            {
                if (await lanes.WasAppliedAsync(id, pending.Context, cancellationToken).ConfigureAwait(false))
                {
                    pending.Completion.TrySetResult(new RfcCommandResult(current, [], AlreadyApplied: true));
                }
                else
                {
                    pending.Completion.TrySetException(refusal);
                }
            }
        }

        public void FailReplay(Pending replayed, Exception exception)
        {
            replayed.Completion.TrySetException(exception);
            foreach (var (duplicate, first) in Duplicates.Where(d => ReferenceEquals(d.First, replayed)))
            {
                duplicate.Completion.TrySetException(exception);
            }
        }

        public void CompleteReplay(Pending replayed, Rfc current)
        {
            replayed.Completion.TrySetResult(new RfcCommandResult(current, [], AlreadyApplied: true));
            foreach (var (duplicate, first) in Duplicates.Where(d => ReferenceEquals(d.First, replayed)))
            {
                duplicate.Completion.TrySetResult(new RfcCommandResult(current, [], AlreadyApplied: true));
            }
        }
    }

    /// <summary>
    /// Cancels a batch only when every caller in it has given up (their budgets ran out): a patient caller (background
    /// work) keeps it going, and a stalled store cannot hold a lane for ever.
    /// </summary>
    private sealed class BatchAbandonment : IDisposable
    {
        private readonly CancellationTokenSource source = new();
        private readonly List<CancellationTokenRegistration> registrations = [];
        private int waiting;

        public BatchAbandonment(List<Pending> batch)
        {
            if (batch.Any(p => !p.CancellationToken.CanBeCanceled))
            {
                return;
            }

            waiting = batch.Count;
            foreach (var pending in batch)
            {
                registrations.Add(pending.CancellationToken.Register(() =>
                {
                    if (Interlocked.Decrement(ref waiting) == 0)
                    {
                        source.Cancel();
                    }
                }));
            }
        }

        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }

            source.Dispose();
        }
    }

    private sealed class Lane(string key)
    {
        public string Key { get; } = key;

        public List<Pending> Queue { get; } = [];

        public bool Running { get; set; }
    }

    private sealed class Pending(RfcId id, CommandContext context, Func<Rfc, DecisionNumber?, IReadOnlyList<RfcEvent>> command, DecisionNumber? decisionNumber, CancellationToken cancellationToken)
    {
        public RfcId Id { get; } = id;

        public CommandContext Context { get; } = context;

        public Func<Rfc, DecisionNumber?, IReadOnlyList<RfcEvent>> Command { get; } = command;

        public DecisionNumber? DecisionNumber { get; } = decisionNumber;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        /// <summary>The caller's store-call deadline, if it has one (see <see cref="StoreCallBudget"/>).</summary>
        public long? Deadline { get; } = StoreCallBudget.Current;

        public TaskCompletionSource<RfcCommandResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
