using System.Text.Json.Serialization;

namespace TeamsDecisions.Core.Rfcs;

/// <summary>
/// Something that happened to an RFC. Every command returns the events it caused; the store appends them as the
/// audit trail and cards and notifications follow from them. The RFC stamps <see cref="Rfc"/>, <see cref="Sequence"/>,
/// <see cref="At"/> and <see cref="Actor"/> as a command adds the event; <see cref="Actor"/> is null for the clock.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RfcProposed), nameof(RfcProposed))]
[JsonDerivedType(typeof(RfcOpened), nameof(RfcOpened))]
[JsonDerivedType(typeof(VoteCast), nameof(VoteCast))]
[JsonDerivedType(typeof(ConcernRaised), nameof(ConcernRaised))]
[JsonDerivedType(typeof(ConcernResolved), nameof(ConcernResolved))]
[JsonDerivedType(typeof(ConcernOverruled), nameof(ConcernOverruled))]
[JsonDerivedType(typeof(CommentAdded), nameof(CommentAdded))]
[JsonDerivedType(typeof(CommentWindowExtended), nameof(CommentWindowExtended))]
[JsonDerivedType(typeof(CommentWindowClosed), nameof(CommentWindowClosed))]
[JsonDerivedType(typeof(RfcClosedEarly), nameof(RfcClosedEarly))]
[JsonDerivedType(typeof(RfcResolved), nameof(RfcResolved))]
[JsonDerivedType(typeof(RfcWithdrawn), nameof(RfcWithdrawn))]
[JsonDerivedType(typeof(RfcSuperseded), nameof(RfcSuperseded))]
[JsonDerivedType(typeof(ThreadAttached), nameof(ThreadAttached))]
public abstract record RfcEvent
{
    // JsonRequired, not C#'s required: the RFC stamps these after the event is built, but a stored row without them
    // is still refused when read back.
    [JsonRequired]
    public RfcId Rfc { get; init; }

    /// <summary>1, 2, 3… within the RFC; the store keys the audit trail by it.</summary>
    [JsonRequired]
    public long Sequence { get; init; }

    [JsonRequired]
    public DateTimeOffset At { get; init; }

    public UserRef? Actor { get; init; }
}

public sealed record RfcProposed(string Title, UserRef Decider) : RfcEvent;

public sealed record RfcOpened(CommentWindow Window) : RfcEvent;

public sealed record VoteCast(VoteKind Kind, string? Reason, VoteKind? Previous) : RfcEvent;

public sealed record ConcernRaised(int ConcernId, string Title) : RfcEvent;

public sealed record ConcernResolved(int ConcernId, string Note) : RfcEvent;

public sealed record ConcernOverruled(int ConcernId, string Reason) : RfcEvent;

public sealed record CommentAdded(int CommentId, CommentSource Source) : RfcEvent;

public sealed record CommentWindowExtended(DateTimeOffset PreviousClosesAt, DateTimeOffset ClosesAt, string? Reason) : RfcEvent;

public sealed record CommentWindowClosed(DateTimeOffset ClosedAt) : RfcEvent;

public sealed record RfcClosedEarly(string Reason) : RfcEvent;

/// <summary>
/// The RFC was resolved as <see cref="Decision"/>; <see cref="SupersedesRfc"/> is the RFC of the decision it
/// supersedes (as the decision log named it when resolving), so that what follows (the notice in that RFC's thread)
/// needs no lookup. Null in events stored before it was kept.
/// </summary>
public sealed record RfcResolved(DecisionNumber Decision, DecisionOutcome Outcome, DecisionNumber? Supersedes, RfcId? SupersedesRfc = null) : RfcEvent;

public sealed record RfcWithdrawn(string Reason) : RfcEvent;

public sealed record RfcSuperseded(DecisionNumber Decision, DecisionNumber By) : RfcEvent;

public sealed record ThreadAttached(ThreadReference Thread) : RfcEvent;
