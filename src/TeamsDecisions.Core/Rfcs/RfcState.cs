namespace TeamsDecisions.Core.Rfcs;

/// <summary>Where an RFC is in the process: Draft → Open → AwaitingDecision → Accepted | Rejected | Deferred | Withdrawn; Accepted → Superseded.</summary>
public enum RfcState
{
    Draft,
    Open,
    AwaitingDecision,
    Accepted,
    Rejected,
    Deferred,
    Withdrawn,
    Superseded,
}

/// <summary>What the decider decided.</summary>
public enum DecisionOutcome
{
    Accepted,
    Rejected,
    Deferred,
    Withdrawn,
}

public static class RfcStateExtensions
{
    public static bool IsResolved(this RfcState state) =>
        state is RfcState.Accepted or RfcState.Rejected or RfcState.Deferred or RfcState.Withdrawn or RfcState.Superseded;

    public static RfcState ToState(this DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Accepted => RfcState.Accepted,
        DecisionOutcome.Rejected => RfcState.Rejected,
        DecisionOutcome.Deferred => RfcState.Deferred,
        DecisionOutcome.Withdrawn => RfcState.Withdrawn,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
