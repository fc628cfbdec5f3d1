using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.Core.Norms;

/// <summary>What an entry of someone's queue asks of them.</summary>
public enum QueueItemKind
{
    /// <summary>A decision they must make: the comment window has closed and they are the decider.</summary>
    Decide,

    /// <summary>An open RFC where they are a required reviewer and have neither voted nor commented.</summary>
    Respond,

    /// <summary>A concern they raised that is still open on an RFC not yet decided.</summary>
    Concern,
}

/// <summary>
/// One thing waiting on a person. <see cref="DueAt"/>: the decision is due (the routine norm after the close), the
/// response is due (their norm), or comments close (a concern is settled by then); null when it has no deadline.
/// </summary>
public sealed record QueueItem(QueueItemKind Kind, Rfc Rfc, DateTimeOffset? DueAt, Concern? Concern = null)
{
    /// <summary>Whether the due time has passed at <paramref name="now"/>.</summary>
    public bool IsOverdue(DateTimeOffset now) => DueAt is { } due && due <= now;
}

/// <summary>"My queue": what waits on one person across the RFCs they can see, as a pure function of those RFCs, their teams' settings and now.</summary>
public static class WaitingOn
{
    /// <summary>
    /// The person's decisions to make, responses due and open concerns, soonest due first (overdue first of all),
    /// then decisions before responses before concerns, then by RFC. Drafts and settled RFCs are never in it.
    /// </summary>
    public static IReadOnlyList<QueueItem> For(UserRef person, IEnumerable<(Rfc Rfc, TeamSettings Settings)> rfcs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(rfcs);
        var items = new List<QueueItem>();
        foreach (var (rfc, settings) in rfcs)
        {
            var state = rfc.StateAt(now);
            if (state is not (RfcState.Open or RfcState.AwaitingDecision))
            {
                continue;
            }

            if (state == RfcState.AwaitingDecision && rfc.Decider.Is(person))
            {
                items.Add(new QueueItem(QueueItemKind.Decide, rfc, ResponsePolicy.DecisionDueAt(rfc, settings)));
            }

            if (state == RfcState.Open && rfc.NotYetResponded.Any(r => r.Is(person)))
            {
                items.Add(new QueueItem(QueueItemKind.Respond, rfc, ResponsePolicy.ReviewerDueAt(rfc, settings)));
            }

            foreach (var concern in rfc.OpenConcerns.Where(c => c.RaisedBy.Is(person)))
            {
                items.Add(new QueueItem(QueueItemKind.Concern, rfc, state == RfcState.Open ? rfc.Window?.ClosesAt : null, concern));
            }
        }

        return [.. items
            .OrderBy(i => i.DueAt ?? DateTimeOffset.MaxValue)
            .ThenBy(i => i.Kind)
            .ThenBy(i => i.Rfc.Team.Value, StringComparer.Ordinal)
            .ThenBy(i => i.Rfc.Number.Value)
            .ThenBy(i => i.Concern?.Id ?? 0)];
    }
}
