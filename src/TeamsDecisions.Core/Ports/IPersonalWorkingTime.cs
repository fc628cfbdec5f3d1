using TeamsDecisions.Core.Norms;

namespace TeamsDecisions.Core.Ports;

/// <summary>
/// A person's own working time: their time zone, working days and hours (Graph <c>mailboxSettings</c> when Graph is
/// configured). Null when it is not known (no Graph, no mailbox, not allowed, Graph failing): callers then use the
/// team's settings. Never throws for a person it cannot read.
/// </summary>
public interface IPersonalWorkingTime
{
    Task<WorkingTime?> FindAsync(UserRef person, CancellationToken cancellationToken);
}

/// <summary>No personal calendars (Graph not configured): everyone works the team's hours.</summary>
public sealed class NoPersonalWorkingTime : IPersonalWorkingTime
{
    public Task<WorkingTime?> FindAsync(UserRef person, CancellationToken cancellationToken) => Task.FromResult<WorkingTime?>(null);
}
