namespace TeamsDecisions.Cards.Actions;

/// <summary>
/// A slot's "Book" button: the session and the slot's start (UTC, ISO 8601). Who books comes from the activity, and
/// must be <see cref="Organizer"/>; the invitees are Entra ids, resolved again from the roster when booking.
/// </summary>
public sealed record ExplorePickData
{
    public string? Team { get; init; }

    /// <summary>One per proposal: the meeting's transaction id, so booking the same slot twice books one meeting.</summary>
    public string? Session { get; init; }

    public string? Topic { get; init; }

    public string? Problem { get; init; }

    public string? Start { get; init; }

    public string? Organizer { get; init; }

    /// <summary>Comma-separated Entra ids of the people invited (without the organizer).</summary>
    public string? Invitees { get; init; }

    /// <summary>The organizer's IANA zone, for the meeting's start and end in their calendar.</summary>
    public string? Zone { get; init; }
}

/// <summary>"Write the RFC" after the exploration: the topic and problem to prefill, and the attendees as reviewers.</summary>
public sealed record ExploreWriteData
{
    public string? Team { get; init; }

    public string? Topic { get; init; }

    public string? Problem { get; init; }

    /// <summary>Comma-separated Entra ids.</summary>
    public string? Reviewers { get; init; }
}
