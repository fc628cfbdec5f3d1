namespace TeamsDecisions.Core.Rfcs;

/// <summary>How a blocking concern stands.</summary>
public enum ConcernStatus
{
    Open,
    Resolved,
    Overruled,
}

/// <summary>A named, blocking concern. An RFC cannot be Accepted while one is Open.</summary>
public sealed record Concern(
    int Id,
    string Title,
    string? Detail,
    UserRef RaisedBy,
    DateTimeOffset RaisedAt,
    ConcernStatus Status = ConcernStatus.Open,
    UserRef? ClosedBy = null,
    string? ClosingNote = null,
    DateTimeOffset? ClosedAt = null)
{
    public bool IsOpen => Status == ConcernStatus.Open;
}

/// <summary>The decider's reason to overrule one open concern while resolving.</summary>
public sealed record ConcernOverrule(int ConcernId, string Reason);
