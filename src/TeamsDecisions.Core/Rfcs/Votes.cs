using System.Diagnostics.CodeAnalysis;

namespace TeamsDecisions.Core.Rfcs;

/// <summary>The four ways to vote on an RFC.</summary>
public enum VoteKind
{
    Approve,
    ApproveWithConcerns,
    [SuppressMessage("Naming", "CA1720", Justification = "\"Object\" is the process's word for this vote.")]
    Object,
    Abstain,
}

/// <summary>One vote as cast: who, what, why (required for Object), when.</summary>
public sealed record Vote(UserRef Voter, VoteKind Kind, string? Reason, DateTimeOffset CastAt);

/// <summary>A person's current vote and every vote they cast before it, oldest first.</summary>
public sealed record Ballot(UserRef Voter, Vote Current, IReadOnlyList<Vote> History);

/// <summary>Counts of current votes.</summary>
[SuppressMessage("Naming", "CA1720", Justification = "\"Object\" is the process's word for this vote.")]
public sealed record VoteTally(int Approve, int ApproveWithConcerns, int Object, int Abstain)
{
    public int Total => Approve + ApproveWithConcerns + Object + Abstain;

    /// <summary>This tally with <paramref name="delta"/> more (or fewer) votes of <paramref name="kind"/>.</summary>
    public VoteTally With(VoteKind kind, int delta) => kind switch
    {
        VoteKind.Approve => this with { Approve = Approve + delta },
        VoteKind.ApproveWithConcerns => this with { ApproveWithConcerns = ApproveWithConcerns + delta },
        VoteKind.Object => this with { Object = Object + delta },
        VoteKind.Abstain => this with { Abstain = Abstain + delta },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown vote kind."),
    };

    public static VoteTally Of(IEnumerable<Vote> currentVotes)
    {
        ArgumentNullException.ThrowIfNull(currentVotes);
        int approve = 0, withConcerns = 0, objections = 0, abstain = 0;
        foreach (var vote in currentVotes)
        {
            switch (vote.Kind)
            {
                case VoteKind.Approve: approve++; break;
                case VoteKind.ApproveWithConcerns: withConcerns++; break;
                case VoteKind.Object: objections++; break;
                case VoteKind.Abstain: abstain++; break;
                default: throw new ArgumentOutOfRangeException(nameof(currentVotes), vote.Kind, "Unknown vote kind.");
            }
        }

        return new VoteTally(approve, withConcerns, objections, abstain);
    }
}
