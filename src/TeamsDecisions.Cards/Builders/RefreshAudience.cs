using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Builders;

/// <summary>
/// Who gets the per-user view automatically. Teams refreshes automatically for at most 60 users, so the rule is:
/// the decider, the author, the required reviewers, then the most recent voters, then the most recent commenters,
/// without repeats, up to 60. Everyone else sees the shared card, whose buttons still work (the bot answers each
/// action with that person's own view).
/// </summary>
public static class RefreshAudience
{
    public static IReadOnlyList<UserRef> Choose(Rfc rfc)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        var chosen = new List<UserRef>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(UserRef person)
        {
            if (chosen.Count < CardRefresh.MaxUserIds && seen.Add(person.Id))
            {
                chosen.Add(person);
            }
        }

        Add(rfc.Decider);
        Add(rfc.Author);
        foreach (var reviewer in rfc.RequiredReviewers)
        {
            Add(reviewer);
        }

        foreach (var voter in rfc.RecentVoters)
        {
            Add(voter);
        }

        foreach (var comment in rfc.Comments.Reverse())
        {
            Add(comment.Author);
        }

        return chosen;
    }

    /// <summary>Teams identifies users in <c>refresh.userIds</c> by MRI; for Entra users that is 8:orgid:&lt;object id&gt;.</summary>
    public static string Mri(UserRef person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.Id.Contains(':', StringComparison.Ordinal) ? person.Id : $"8:orgid:{person.Id}";
    }
}
