namespace TeamsDecisions.Core.Norms;

/// <summary>Why a reminder is due.</summary>
public enum ReminderReason
{
    /// <summary>A required reviewer has not voted or commented and the reminder point of their response norm has passed.</summary>
    ResponseDue,

    /// <summary>The comment window has closed and the decider has not decided within the routine norm.</summary>
    DecisionDue,
}

/// <summary>
/// A reminder that is due now. <see cref="Id"/> is deterministic ("remind:{team}:{rfc}:{user}:respond{period}" or
/// "...:decide{n}"): the outbox keys on it, so computing the same reminder again (a retry, a second instance) never
/// shows it twice. <see cref="RespondBy"/> is when the response or decision is (or was) due.
/// </summary>
public sealed record ReminderDue(string Id, UserRef Person, ReminderReason Reason, int Ordinal, DateTimeOffset RemindAt, DateTimeOffset RespondBy);
