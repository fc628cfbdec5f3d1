namespace TeamsDecisions.Core.Meetings;

/// <summary>What the organiser did with the verdict.</summary>
public enum MeetingChoice
{
    AsyncThread,
    Rfc,
    KeptMeeting,
}

/// <summary>One meeting test and what came of it; kept so a team can see which meetings earned their place, and why.</summary>
public sealed record MeetingTestRecord(
    UserRef Organiser,
    DateTimeOffset At,
    string Title,
    MeetingPurpose Purpose,
    MeetingVerdict Verdict,
    MeetingChoice Choice,
    string? Reason,
    TeamId? Team);

/// <summary>The log of meeting tests.</summary>
public interface IMeetingTestLog
{
    Task RecordAsync(MeetingTestRecord record, CancellationToken cancellationToken);

    /// <summary>An organiser's tests, newest first.</summary>
    Task<IReadOnlyList<MeetingTestRecord>> ListAsync(UserRef organiser, CancellationToken cancellationToken);

    /// <summary>A team's tests (those recorded with that team), newest first.</summary>
    Task<IReadOnlyList<MeetingTestRecord>> ListForTeamAsync(TeamId team, CancellationToken cancellationToken);
}
