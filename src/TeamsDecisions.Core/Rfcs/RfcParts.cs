namespace TeamsDecisions.Core.Rfcs;

/// <summary>One option considered, with a short name used to refer to it (e.g. "Kafka").</summary>
public sealed record RfcOption(string ShortName, string? Description = null);

/// <summary>A link to supporting material.</summary>
public sealed record RfcLink(string Title, Uri Url);

/// <summary>When comments and votes are taken.</summary>
public sealed record CommentWindow(DateTimeOffset OpensAt, DateTimeOffset ClosesAt);

/// <summary>Where the RFC lives in Teams: the thread it was posted to, so records can link back to it.</summary>
public sealed record ThreadReference(string ConversationId, string? MessageId, Uri? WebUrl);

/// <summary>Everything the author writes when proposing an RFC.</summary>
public sealed record RfcProposal(
    string Title,
    UserRef Decider,
    IReadOnlyList<UserRef> RequiredReviewers,
    string Context,
    string Proposal,
    IReadOnlyList<RfcOption> Options,
    IReadOnlyList<string> DecisionDrivers,
    IReadOnlyList<RfcLink> Links,
    int? WindowDays = null,
    RfcKind Kind = RfcKind.DesignReview);
