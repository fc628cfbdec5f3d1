using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Ports;

/// <summary>Who is acting, and the Teams activity that carried the action (the key that makes a replay harmless).</summary>
public sealed record CommandContext(UserRef Actor, string? ActivityId = null);

/// <summary>The outcome of a stored command: the RFC as saved, the events appended, and whether it was a replay.</summary>
public sealed record RfcCommandResult(Rfc Rfc, IReadOnlyList<RfcEvent> Events, bool AlreadyApplied = false)
{
    /// <summary>This command (not a replay) closed the comment window: its caller tells the decider, once.</summary>
    public bool ClosedTheWindow => !AlreadyApplied && Events.OfType<CommentWindowClosed>().Any();
}

/// <summary>A command on a loaded RFC; it may run more than once if another writer got there first, so it must be pure.</summary>
public delegate IReadOnlyList<RfcEvent> RfcCommand(Rfc rfc);

/// <summary>A resolution, given the decision number the store reserved for it.</summary>
public delegate IReadOnlyList<RfcEvent> RfcResolution(Rfc rfc, DecisionNumber number);

/// <summary>One line of a team's RFC index.</summary>
public sealed record RfcSummary(RfcId Id, string Title, RfcState State, UserRef Author, UserRef Decider, DateTimeOffset? ClosesAt, DecisionNumber? Decision, DateTimeOffset UpdatedAt);

/// <summary>One line of a team's decision log.</summary>
public sealed record DecisionLogEntry(DecisionNumber Number, RfcId Rfc, string Title, RfcState Status, DateTimeOffset DecidedAt, UserRef Decider, DecisionNumber? Supersedes, DecisionNumber? SupersededBy);

/// <summary>
/// Durable RFCs. Every command is applied to freshly loaded state and saved atomically: concurrent writers never
/// lose an update, a replayed activity is applied once, and a refused or failed command leaves nothing behind.
/// </summary>
public interface IRfcStore
{
    /// <summary>Allocates the team's next RFC number and stores the RFC <paramref name="propose"/> builds with it.</summary>
    Task<RfcCommandResult> CreateAsync(TeamId team, CommandContext context, Func<RfcNumber, (Rfc Rfc, IReadOnlyList<RfcEvent> Events)> propose, CancellationToken cancellationToken);

    Task<Rfc?> FindAsync(RfcId id, CancellationToken cancellationToken);

    /// <summary>Loads the RFC, runs the command, saves the result; reloads and reruns when another writer won.</summary>
    Task<RfcCommandResult> ExecuteAsync(RfcId id, CommandContext context, RfcCommand command, CancellationToken cancellationToken);

    /// <summary>Like <see cref="ExecuteAsync"/>, with a decision number reserved once for this RFC and never reused.</summary>
    Task<RfcCommandResult> ResolveAsync(RfcId id, CommandContext context, RfcResolution resolve, CancellationToken cancellationToken);

    /// <summary>The RFC's audit trail, oldest first.</summary>
    Task<IReadOnlyList<RfcEvent>> ReadEventsAsync(RfcId id, CancellationToken cancellationToken);

    /// <summary>The team's RFCs, newest first, optionally only those in <paramref name="state"/>.</summary>
    Task<IReadOnlyList<RfcSummary>> ListAsync(TeamId team, RfcState? state, CancellationToken cancellationToken);

    /// <summary>Open RFCs whose comment window closes at or before <paramref name="closingBy"/>, soonest first.</summary>
    Task<IReadOnlyList<RfcSummary>> ListDueAsync(DateTimeOffset closingBy, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the due-window entry of <paramref name="id"/> for <paramref name="owner"/> until <paramref name="until"/>,
    /// so that of several instances only one acts on it; false when another owner holds an unexpired claim.
    /// </summary>
    Task<bool> TryClaimDueAsync(RfcId id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>The team's decision log, newest first.</summary>
    Task<IReadOnlyList<DecisionLogEntry>> ListDecisionsAsync(TeamId team, CancellationToken cancellationToken);

    Task<DecisionLogEntry?> FindDecisionAsync(TeamId team, DecisionNumber number, CancellationToken cancellationToken);

    /// <summary>Records that the RFC's channel card now shows the state after event <paramref name="sequence"/> (ignored if a newer change landed meanwhile).</summary>
    Task MarkChannelCardShownAsync(RfcId id, long sequence, CancellationToken cancellationToken);

    /// <summary>Whether the RFC changed since its channel card was last updated.</summary>
    Task<bool> IsChannelCardBehindAsync(RfcId id, CancellationToken cancellationToken);

    /// <summary>RFCs whose channel card shows an older state than the one stored (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<RfcId>> ListChannelCardsBehindAsync(int max, CancellationToken cancellationToken);
}

/// <summary>Per-team settings; a team that never saved any gets the defaults. Every change is audited.</summary>
public interface ITeamSettingsStore
{
    Task<TeamsDecisions.Core.Teams.TeamSettings> GetAsync(TeamId team, CancellationToken cancellationToken);

    /// <summary>
    /// Validates and saves the settings and, in the same transaction, records who changed which fields and when;
    /// a save that changes nothing records nothing.
    /// </summary>
    Task SaveAsync(TeamsDecisions.Core.Teams.TeamSettings settings, UserRef changedBy, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The team's settings changes, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<TeamsDecisions.Core.Teams.TeamSettingsChange>> ListChangesAsync(TeamId team, int max, CancellationToken cancellationToken);
}
