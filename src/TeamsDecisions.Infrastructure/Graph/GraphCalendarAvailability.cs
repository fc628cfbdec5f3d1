using System.Globalization;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.Calendar.GetSchedule;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Norms;

namespace TeamsDecisions.Infrastructure.Graph;

/// <summary>
/// Free/busy and the exploration meeting through Microsoft Graph, application permission Calendars.ReadWrite:
/// <c>POST /users/{organizer}/calendar/getSchedule</c> for everyone's blocks and working hours (asked and answered in
/// UTC, 15-minute view), and <c>POST /users/{organizer}/events</c> for the Teams meeting (<c>isOnlineMeeting</c>,
/// <c>teamsForBusiness</c>) with the attendees invited. Throttling is waited out or surfaced by <see cref="GraphCalls"/>,
/// so only Core exceptions get out.
/// </summary>
public sealed class GraphCalendarAvailability(GraphServiceClient graph, TimeProvider clock) : ICalendarAvailability
{
    /// <summary>getSchedule answers for at most this many schedules per request.</summary>
    public const int MaxSchedulesPerRequest = 20;

    public bool IsConfigured => true;

    public async Task<IReadOnlyList<ScheduleOf>> GetScheduleAsync(Invitee organizer, IReadOnlyList<Invitee> people, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organizer);
        ArgumentNullException.ThrowIfNull(people);
        var result = new List<ScheduleOf>();
        foreach (var chunk in people.Select(p => p.Email).Distinct(StringComparer.OrdinalIgnoreCase).Chunk(MaxSchedulesPerRequest))
        {
            var answer = await GraphCalls.CallAsync(
                () => graph.Users[organizer.Person.Id].Calendar.GetSchedule.PostAsGetSchedulePostResponseAsync(
                    new GetSchedulePostRequestBody
                    {
                        Schedules = [.. chunk],
                        StartTime = Time(windowStart),
                        EndTime = Time(windowEnd),
                        AvailabilityViewInterval = 15,
                    },
                    r =>
                    {
                        r.Headers.Add("Prefer", "outlook.timezone=\"UTC\"");
                        r.Options.Add(GraphCalls.NoSdkRetry);
                    },
                    cancellationToken),
                clock,
                cancellationToken).ConfigureAwait(false);
            foreach (var schedule in answer?.Value ?? [])
            {
                if (schedule.ScheduleId is not { } email)
                {
                    continue;
                }

                // A schedule Graph could not read (a guest, an unknown address) comes with an error and no items: it is
                // shown as free, the person's working hours then come from elsewhere.
                var blocks = (schedule.ScheduleItems ?? [])
                    .Where(i => i.Status is FreeBusyStatus.Busy or FreeBusyStatus.Oof or FreeBusyStatus.Tentative)
                    .Select(i => new CalendarBlock(Utc(i.Start), Utc(i.End), i.Status == FreeBusyStatus.Tentative ? BlockKind.Tentative : BlockKind.Busy))
                    .Where(b => b.End > b.Start)
                    .ToList();
                result.Add(new ScheduleOf(email, blocks, WorkingHours(schedule.WorkingHours)));
            }
        }

        return result;
    }

    public async Task<CreatedMeeting> CreateMeetingAsync(ExplorationMeeting meeting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(meeting.TimeZone);
        var created = await GraphCalls.CallAsync(
            () => graph.Users[meeting.Organizer.Person.Id].Events.PostAsync(
                new Event
                {
                    Subject = meeting.Subject,
                    Body = new ItemBody { ContentType = BodyType.Text, Content = meeting.Agenda },
                    Start = Time(meeting.Start, zone, meeting.TimeZone),
                    End = Time(meeting.End, zone, meeting.TimeZone),
                    Attendees = [.. meeting.Attendees.Select(a => new Attendee { Type = AttendeeType.Required, EmailAddress = new EmailAddress { Address = a.Email, Name = a.Person.DisplayName } })],
                    IsOnlineMeeting = true,
                    OnlineMeetingProvider = OnlineMeetingProviderType.TeamsForBusiness,
                    AllowNewTimeProposals = true,
                    // Graph treats a second POST with the same transactionId as the first: a retried pick books one meeting.
                    TransactionId = meeting.TransactionId,
                },
                r => r.Options.Add(GraphCalls.NoSdkRetry),
                cancellationToken),
            clock,
            cancellationToken).ConfigureAwait(false);
        return new CreatedMeeting(
            created?.Id ?? throw new Core.DependencyFailedException(GraphCalls.Service, null, "Graph created the meeting but returned no id."),
            Uri.TryCreate(created.OnlineMeeting?.JoinUrl, UriKind.Absolute, out var join) ? join : null);
    }

    private static DateTimeTimeZone Time(DateTimeOffset at) =>
        new() { DateTime = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), TimeZone = "UTC" };

    /// <summary>The organizer's wall clock, so Outlook shows the meeting in their zone; the zone is sent as Graph names it (Windows id when there is one).</summary>
    private static DateTimeTimeZone Time(DateTimeOffset at, TimeZoneInfo zone, string zoneId) => new()
    {
        DateTime = TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        TimeZone = TimeZoneInfo.TryConvertIanaIdToWindowsId(zoneId, out var windows) ? windows : zoneId,
    };

    private static DateTimeOffset Utc(DateTimeTimeZone? time)
    {
        if (time?.DateTime is not { } text)
        {
            return DateTimeOffset.MinValue;
        }

        var local = DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Unspecified);
        var zone = time.TimeZone is { Length: > 0 } name && !name.Equals("UTC", StringComparison.OrdinalIgnoreCase)
            ? GraphPersonalWorkingTime.Zone(name) ?? TimeZoneInfo.Utc
            : TimeZoneInfo.Utc;
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    /// <summary>getSchedule's workingHours read as mailboxSettings' are (the same type and the same rules).</summary>
    private static WorkingTime? WorkingHours(WorkingHours? hours) =>
        hours is null ? null : GraphPersonalWorkingTime.FromMailbox(new MailboxSettings { WorkingHours = hours });
}
