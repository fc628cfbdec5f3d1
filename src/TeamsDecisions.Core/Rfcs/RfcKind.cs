namespace TeamsDecisions.Core.Rfcs;

/// <summary>What kind of question an RFC asks; it picks the response norm (routine 24 h, design review 48 h by default).</summary>
public enum RfcKind
{
    // First, so that an RFC stored before kinds existed (or a missing value) reads as a design review.
    DesignReview = 0,
    Routine = 1,
}
