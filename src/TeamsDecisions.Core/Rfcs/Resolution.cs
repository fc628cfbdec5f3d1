namespace TeamsDecisions.Core.Rfcs;

/// <summary>One option not chosen, and why.</summary>
public sealed record AlternativeNotChosen(string Option, string Why);

/// <summary>What the decider submits to resolve an RFC.</summary>
public sealed record ResolutionRequest(
    DecisionOutcome Outcome,
    string Rationale,
    string? ChosenOption,
    IReadOnlyList<AlternativeNotChosen> AlternativesNotChosen,
    string? Consequences,
    IReadOnlyList<ConcernOverrule> Overrules,
    DecisionNumber? Supersedes = null,
    string? EarlyCloseReason = null);
