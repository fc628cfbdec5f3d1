using System.Globalization;
using TeamsDecisions.Faults.Tests;

namespace TeamsDecisions.Bench.Faults;

/// <summary>What the store kept of a burst, against what each voter was told.</summary>
internal sealed record KeptVotes(int Voters, int Stored, int Acknowledged, int Lost, int NotSaved, int NotSavedStored, int Unconfirmed, int UnconfirmedStored, int Unanswered, int UnansweredStored, int Doubles, IReadOnlyList<string> Problems)
{
    public static KeptVotes Of(StoredRfc stored, IReadOnlyList<VoteOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(outcomes);
        var ballots = stored.Ballots;
        int Told(VoteAnswer answer) => outcomes.Count(o => o.Answer == answer);
        int StoredOf(VoteAnswer answer) => outcomes.Count(o => o.Answer == answer && ballots.ContainsKey(o.Voter.Id));
        return new KeptVotes(
            outcomes.Count,
            outcomes.Count(o => ballots.ContainsKey(o.Voter.Id)),
            Told(VoteAnswer.Saved),
            outcomes.Count(o => o.Answer == VoteAnswer.Saved && (!ballots.TryGetValue(o.Voter.Id, out var kind) || kind != o.Voter.Kind)),
            Told(VoteAnswer.NotSaved),
            StoredOf(VoteAnswer.NotSaved),
            Told(VoteAnswer.Unconfirmed),
            StoredOf(VoteAnswer.Unconfirmed),
            Told(VoteAnswer.NoAnswer) + Told(VoteAnswer.Unexpected),
            StoredOf(VoteAnswer.NoAnswer) + StoredOf(VoteAnswer.Unexpected),
            stored.VoteEvents.Count(v => v.Value > 1),
            stored.Problems());
    }

    /// <summary>"stored 350/500: 320/320 acknowledged, 28/30 'not confirmed', 0/150 'not saved'; doubles 0" (** marks what must not happen).</summary>
    public override string ToString()
    {
        var parts = new List<string> { Invariant($"{(Lost == 0 ? string.Empty : "**")}{Acknowledged - Lost}/{Acknowledged}{(Lost == 0 ? string.Empty : "**")} acknowledged") };
        if (Unconfirmed > 0)
        {
            parts.Add(Invariant($"{UnconfirmedStored}/{Unconfirmed} 'not confirmed'"));
        }

        if (NotSaved > 0)
        {
            parts.Add(Invariant($"{(NotSavedStored == 0 ? "0" : $"**{NotSavedStored}**")}/{NotSaved} 'not saved'"));
        }

        if (Unanswered > 0)
        {
            parts.Add(Invariant($"{UnansweredStored}/{Unanswered} unanswered"));
        }

        return Invariant($"stored {Stored}/{Voters}: {string.Join(", ", parts)}; doubles {Doubles}")
            + (Problems.Count == 0 ? string.Empty : $"; **not whole: {string.Join(" ", Problems)}**");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
