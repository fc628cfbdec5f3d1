using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Application;

/// <summary>
/// The use cases the Teams handlers call: one method per user action. Reads the clock, runs the domain command
/// through the store, and returns what was saved.
/// </summary>
public sealed class RfcService(IRfcStore store, ITeamSettingsStore settings, TimeProvider clock)
{
    /// <summary>Proposes an RFC and, unless <paramref name="asDraft"/>, opens its comment window at once.</summary>
    public async Task<RfcCommandResult> ProposeAsync(CommandContext context, TeamId team, RfcProposal proposal, bool asDraft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var teamSettings = await settings.GetAsync(team, cancellationToken).ConfigureAwait(false);
        var at = clock.GetUtcNow();
        return await store.CreateAsync(
            team,
            context,
            number =>
            {
                var (rfc, events) = Rfc.Propose(new RfcId(team, number), context.Actor, proposal, teamSettings.DefaultWindowDays, at);
                return asDraft ? (rfc, events) : (rfc, [.. events, .. rfc.Open(context.Actor, at, teamSettings.ToWorkingTime())]);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a Draft's comment window, counted in working days of the team's calendar.</summary>
    public async Task<RfcCommandResult> OpenAsync(CommandContext context, RfcId id, CancellationToken cancellationToken)
    {
        var calendar = (await settings.GetAsync(id.Team, cancellationToken).ConfigureAwait(false)).ToWorkingTime();
        return await Execute(context, id, (rfc, at) => rfc.Open(context.Actor, at, calendar), cancellationToken).ConfigureAwait(false);
    }

    public Task<RfcCommandResult> AttachThreadAsync(CommandContext context, RfcId id, ThreadReference thread, CancellationToken cancellationToken) =>
        Execute(context, id, (rfc, at) => rfc.AttachThread(context.Actor, thread, at), cancellationToken);

    public Task<RfcCommandResult> CastVoteAsync(CommandContext context, RfcId id, VoteKind kind, string? reason, CancellationToken cancellationToken) =>
        Execute(context, id, (rfc, at) => rfc.CastVote(context.Actor, kind, reason, at), cancellationToken);

    public Task<RfcCommandResult> RaiseConcernAsync(CommandContext context, RfcId id, string title, string? detail, CancellationToken cancellationToken) =>
        Execute(context, id, (rfc, at) => rfc.RaiseConcern(context.Actor, title, detail, at), cancellationToken);

    public Task<RfcCommandResult> ResolveConcernAsync(CommandContext context, RfcId id, int concernId, string note, CancellationToken cancellationToken) =>
        Execute(context, id, (rfc, at) => rfc.ResolveConcern(context.Actor, concernId, note, at), cancellationToken);

    public Task<RfcCommandResult> AddCommentAsync(CommandContext context, RfcId id, string text, CommentSource source, CancellationToken cancellationToken) =>
        Execute(context, id, (rfc, at) => rfc.AddComment(context.Actor, text, source, at), cancellationToken);

    /// <summary>Extends the comment window by working days of the team's calendar.</summary>
    public async Task<RfcCommandResult> ExtendWindowAsync(CommandContext context, RfcId id, int days, string? reason, CancellationToken cancellationToken)
    {
        var calendar = (await settings.GetAsync(id.Team, cancellationToken).ConfigureAwait(false)).ToWorkingTime();
        return await Execute(context, id, (rfc, at) => rfc.ExtendWindow(context.Actor, days, reason, at, calendar), cancellationToken).ConfigureAwait(false);
    }

    public Task<RfcCommandResult> CloseEarlyAsync(CommandContext context, RfcId id, string reason, CancellationToken cancellationToken) =>
        Execute(context, id, (rfc, at) => rfc.CloseEarly(context.Actor, reason, at), cancellationToken);

    public Task<RfcCommandResult> WithdrawAsync(CommandContext context, RfcId id, string reason, CancellationToken cancellationToken) =>
        Execute(context, id, (rfc, at) => rfc.Withdraw(context.Actor, reason, at), cancellationToken);

    /// <summary>
    /// Resolves the RFC and, when the decision supersedes an earlier one, marks that one Superseded.
    /// The superseded decision must exist in the same team and be Accepted (or already superseded by this very
    /// decision, when an interrupted resolution is replayed).
    /// </summary>
    public async Task<RfcCommandResult> ResolveAsync(CommandContext context, RfcId id, ResolutionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        RfcId? superseded = null;
        if (request.Supersedes is { } old)
        {
            var entry = await store.FindDecisionAsync(id.Team, old, cancellationToken).ConfigureAwait(false)
                ?? throw new DomainRuleException(Rules.ResolveSupersededNotFound, $"This team has no decision {old}.", "supersedes");
            if (entry.Rfc == id)
            {
                throw new DomainRuleException(Rules.SupersedeNotItself, "A decision cannot supersede itself.", "supersedes");
            }

            // The old RFC is the source of truth (its log entry is written best-effort and may lag behind).
            var oldDecision = (await store.FindAsync(entry.Rfc, cancellationToken).ConfigureAwait(false))?.Decision;
            if (oldDecision?.Status != RfcState.Accepted)
            {
                var ours = (await store.FindAsync(id, cancellationToken).ConfigureAwait(false))?.Decision?.Number;
                var supersededByUs = oldDecision?.SupersededBy is { } by && by == ours;
                if (!supersededByUs)
                {
                    throw new DomainRuleException(Rules.ResolveSupersedeOnlyAccepted, $"{old} is {oldDecision?.Status.ToString() ?? entry.Status.ToString()}; only an Accepted decision can be superseded.", "supersedes");
                }
            }

            superseded = entry.Rfc;
        }

        var result = await store.ResolveAsync(id, context, (rfc, number) => rfc.Resolve(context.Actor, request, number, clock.GetUtcNow(), superseded), cancellationToken).ConfigureAwait(false);
        if (superseded is { } oldRfc && result.Rfc.Decision is { } decision)
        {
            var supersedeContext = new CommandContext(context.Actor, $"supersede:{decision.Number}");
            try
            {
                // The decision is saved: marking the old one must not be cut short by the caller's deadline (a replay
                // of this resolution would finish it, but the decider would be told nothing was saved).
                await store.ExecuteAsync(oldRfc, supersedeContext, rfc => rfc.MarkSuperseded(context.Actor, decision.Number, clock.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
            }
            catch (DomainRuleException ex) when (ex.Rule == Rules.SupersedeOnlyAccepted)
            {
                // Another decision superseded it at the same moment. This decision is saved and still records what it
                // replaced; the older one keeps pointing at the first decision that superseded it.
            }
            catch (Exception ex) when (ex is StoreBusyException or StoreWriteFailedException or StoreUnavailableException)
            {
                // This decision is saved, and says so; marking the old one is finished by a replay of this
                // resolution (its activity id makes it idempotent) and the decision page shows what it supersedes.
            }
        }

        return result;
    }

    /// <summary>
    /// Moves every RFC whose window has passed to AwaitingDecision and returns those this call moved. Each due RFC is
    /// first claimed for <paramref name="owner"/> for <paramref name="claimFor"/>, so that of several instances only one
    /// acts on it; the close is idempotent per closing time, so a claim that expires mid-way cannot close it twice.
    /// </summary>
    public async Task<IReadOnlyList<RfcCommandResult>> CloseDueWindowsAsync(UserRef system, string owner, TimeSpan claimFor, int max, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var closed = new List<RfcCommandResult>();
        foreach (var due in await store.ListDueAsync(now, max, cancellationToken).ConfigureAwait(false))
        {
            if (!await store.TryClaimDueAsync(due.Id, owner, now, now + claimFor, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var context = new CommandContext(system, $"close-window:{due.ClosesAt?.UtcTicks}");
            var result = await store.ExecuteAsync(due.Id, context, rfc => rfc.CloseWindowIfDue(now), cancellationToken).ConfigureAwait(false);
            if (result.ClosedTheWindow)
            {
                closed.Add(result);
            }
        }

        return closed;
    }

    public Task<Rfc?> FindAsync(RfcId id, CancellationToken cancellationToken) => store.FindAsync(id, cancellationToken);

    /// <summary>The team's RFCs, newest first, optionally only those in <paramref name="state"/>.</summary>
    public Task<IReadOnlyList<RfcSummary>> ListAsync(TeamId team, RfcState? state, CancellationToken cancellationToken) => store.ListAsync(team, state, cancellationToken);

    /// <summary>The team's decision log, newest first.</summary>
    public Task<IReadOnlyList<DecisionLogEntry>> ListDecisionsAsync(TeamId team, CancellationToken cancellationToken) => store.ListDecisionsAsync(team, cancellationToken);

    public Task<DecisionLogEntry?> FindDecisionAsync(TeamId team, DecisionNumber number, CancellationToken cancellationToken) => store.FindDecisionAsync(team, number, cancellationToken);

    private Task<RfcCommandResult> Execute(CommandContext context, RfcId id, Func<Rfc, DateTimeOffset, IReadOnlyList<RfcEvent>> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return store.ExecuteAsync(id, context, rfc => command(rfc, clock.GetUtcNow()), cancellationToken);
    }
}
