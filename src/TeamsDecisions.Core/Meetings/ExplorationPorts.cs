using TeamsDecisions.Core.Norms;

namespace TeamsDecisions.Core.Meetings;

/// <summary>A person to invite, as calendars know them: their identity and their mailbox address (free/busy is asked by address).</summary>
public sealed record Invitee(UserRef Person, string Email);

/// <summary>One person's free/busy over a window: their blocks, and the working hours their mailbox states (null when it states none).</summary>
public sealed record ScheduleOf(string Email, IReadOnlyList<CalendarBlock> Blocks, WorkingTime? WorkingHours);

/// <summary>The online meeting to create on the organizer's calendar.</summary>
public sealed record ExplorationMeeting(Invitee Organizer, string Subject, string Agenda, DateTimeOffset Start, DateTimeOffset End, string TimeZone, IReadOnlyList<Invitee> Attendees, string TransactionId);

/// <summary>The created meeting: its calendar event id and the Teams join link.</summary>
public sealed record CreatedMeeting(string EventId, Uri? JoinUrl);

/// <summary>
/// Free/busy and meeting creation on people's calendars (Microsoft Graph getSchedule and events, application
/// permission Calendars.ReadWrite). Failures surface as Core exceptions (DependencyFailedException, RetryLaterException).
/// </summary>
public interface ICalendarAvailability
{
    /// <summary>Whether calendars can be reached at all (Graph has an identity); when false nothing else may be called.</summary>
    bool IsConfigured { get; }

    Task<IReadOnlyList<ScheduleOf>> GetScheduleAsync(Invitee organizer, IReadOnlyList<Invitee> people, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken);

    Task<CreatedMeeting> CreateMeetingAsync(ExplorationMeeting meeting, CancellationToken cancellationToken);
}

/// <summary>No calendars (Graph not configured, the local run): nothing is read, no slot is made up.</summary>
public sealed class NoCalendarAvailability : ICalendarAvailability
{
    public bool IsConfigured => false;

    public Task<IReadOnlyList<ScheduleOf>> GetScheduleAsync(Invitee organizer, IReadOnlyList<Invitee> people, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Calendars are not configured: no free/busy can be read.");

    public Task<CreatedMeeting> CreateMeetingAsync(ExplorationMeeting meeting, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Calendars are not configured: no meeting can be created.");
}
