namespace TeamsDecisions.Core.Rfcs;

/// <summary>An RFC's own fields as the store keeps them; ballots, concerns and comments are kept beside it.</summary>
public sealed record RfcCore(
    RfcId Id,
    string Title,
    UserRef Author,
    UserRef Decider,
    IReadOnlyList<UserRef> RequiredReviewers,
    string Context,
    string Proposal,
    IReadOnlyList<RfcOption> Options,
    IReadOnlyList<string> DecisionDrivers,
    IReadOnlyList<RfcLink> Links,
    int WindowDays,
    CommentWindow? Window,
    RfcState State,
    DateTimeOffset ProposedAt,
    ThreadReference? Thread,
    string? EarlyCloseReason,
    string? WithdrawalReason,
    DecisionRecord? Decision,
    long LastSequence,
    int NextConcernId,
    int NextCommentId,
    RfcKind Kind = RfcKind.DesignReview);
