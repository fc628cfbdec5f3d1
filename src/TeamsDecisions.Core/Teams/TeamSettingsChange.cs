namespace TeamsDecisions.Core.Teams;

/// <summary>One audited change of a team's settings: who saved it, when, which fields changed, and the settings after it.</summary>
public sealed record TeamSettingsChange(TeamId Team, UserRef ChangedBy, DateTimeOffset At, IReadOnlyList<string> Fields, TeamSettings Settings);
