using System.Text.Json.Serialization;

namespace TeamsDecisions.Cards.Actions;

/// <summary>
/// The meeting test's answers, as the questionnaire's inputs send them (toggles as "true"/"false", numbers as text
/// or numbers). The answer card carries them on in its actions' data, so each next step knows the meeting.
/// </summary>
public record MeetingData
{
    /// <summary>The team or chat the test was run in (for the thread and the RFC); empty in a personal chat.</summary>
    public string? Team { get; init; }

    public string? MeetingTitle { get; init; }

    public string? MeetingAgenda { get; init; }

    public string? MeetingPurpose { get; init; }

    public string? MeetingRealTime { get; init; }

    public string? MeetingVisual { get; init; }

    public string? MeetingShared { get; init; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? MeetingAttendees { get; init; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? MeetingTimeZones { get; init; }
}

/// <summary>"Async thread": where, and the questions (one per line, from the agenda).</summary>
public sealed record MeetingThreadData : MeetingData
{
    public MeetingThreadData()
    {
    }

    public MeetingThreadData(MeetingData answers)
        : base(answers)
    {
    }

    public string? ThreadChannel { get; init; }

    public string? ThreadQuestions { get; init; }
}

/// <summary>"Keep meeting": why.</summary>
public sealed record MeetingKeepData : MeetingData
{
    public MeetingKeepData()
    {
    }

    public MeetingKeepData(MeetingData answers)
        : base(answers)
    {
    }

    public string? KeepReason { get; init; }
}

/// <summary>"Not now" / "Never for this meeting" on a calendar prompt: which series.</summary>
public sealed record MeetingPromptData
{
    public string? SeriesId { get; init; }

    public string? MeetingTitle { get; init; }
}
