namespace TeamsDecisions.Core.Rfcs;

/// <summary>
/// The durable answer to "why did we decide this?": everything ADR/MADR, PEPs and rfcbot keep, frozen at resolution.
/// Only <see cref="SupersededBy"/> changes afterwards.
/// </summary>
public sealed record DecisionRecord(
    DecisionNumber Number,
    RfcNumber Rfc,
    TeamId Team,
    string Title,
    DecisionOutcome Outcome,
    DateTimeOffset ProposedAt,
    CommentWindow? Window,
    DateTimeOffset DecidedAt,
    UserRef Author,
    UserRef Decider,
    IReadOnlyList<UserRef> RequiredReviewers,
    string Context,
    string Proposal,
    IReadOnlyList<string> DecisionDrivers,
    IReadOnlyList<RfcOption> Options,
    IReadOnlyList<RfcLink> Links,
    string? ChosenOption,
    string Rationale,
    IReadOnlyList<AlternativeNotChosen> AlternativesNotChosen,
    string? Consequences,
    VoteTally Tally,
    IReadOnlyList<Vote> Votes,
    IReadOnlyList<Concern> Concerns,
    CommentDigest Comments,
    ThreadReference? Thread,
    string? EarlyCloseReason,
    DecisionNumber? Supersedes,
    DecisionNumber? SupersededBy = null)
{
    /// <summary>The status a reader sees: the outcome, or Superseded once a later decision replaced it.</summary>
    public RfcState Status => SupersededBy is null ? Outcome.ToState() : RfcState.Superseded;
}
