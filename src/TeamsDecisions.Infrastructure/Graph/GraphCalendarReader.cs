using System.Globalization;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;

namespace TeamsDecisions.Infrastructure.Graph;

/// <summary>
/// Recurring meetings from Microsoft Graph with application permissions Calendars.ReadBasic (the organiser's
/// calendarView and series masters; no bodies) and MailboxSettings.Read (each attendee's time zone).
/// Occurrences are read in UTC; all-day, cancelled and private events, and meetings the user does not organise,
/// are left out. The people of a series are its organiser and its attendees, without rooms and equipment. Graph is
/// called through <see cref="GraphCalls"/> (short throttling waited out on the injected clock), so only Core
/// exceptions get out.
/// </summary>
public sealed class GraphCalendarReader(GraphServiceClient graph, TimeProvider clock) : ICalendarReader
{
    private static readonly string[] EventFields = ["subject", "start", "end", "isAllDay", "isCancelled", "sensitivity", "seriesMasterId", "type", "isOrganizer", "organizer", "attendees"];

    public async Task<IReadOnlyList<RecurringSeries>> RecurringSeriesAsync(string userId, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var occurrences = new List<Event>();
        var page = await GraphCalls.CallAsync(
            () => graph.Users[userId].CalendarView.GetAsync(
                r =>
                {
                    r.QueryParameters.StartDateTime = windowStart.UtcDateTime.ToString("o", CultureInfo.InvariantCulture);
                    r.QueryParameters.EndDateTime = windowEnd.UtcDateTime.ToString("o", CultureInfo.InvariantCulture);
                    r.QueryParameters.Select = EventFields;
                    r.QueryParameters.Top = 250;
                    r.Headers.Add("Prefer", "outlook.timezone=\"UTC\"");
                    r.Options.Add(GraphCalls.NoSdkRetry);
                },
                cancellationToken),
            clock,
            cancellationToken).ConfigureAwait(false);
        while (page is not null)
        {
            occurrences.AddRange(page.Value ?? []);
            if (page.OdataNextLink is not { } next)
            {
                break;
            }

            page = await GraphCalls.CallAsync(() => graph.Users[userId].CalendarView.WithUrl(next).GetAsync(r => r.Options.Add(GraphCalls.NoSdkRetry), cancellationToken), clock, cancellationToken).ConfigureAwait(false);
        }

        var zones = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var result = new List<RecurringSeries>();
        foreach (var series in occurrences
            .Where(e => e.SeriesMasterId is not null && e.IsAllDay != true && e.IsCancelled != true && e.Sensitivity != Sensitivity.Private && e.IsOrganizer == true)
            .GroupBy(e => e.SeriesMasterId!))
        {
            var attendees = new List<MeetingAttendee>();
            // The organiser sits in the meeting too, though Graph does not list them among the attendees;
            // rooms and equipment booked as resources are not people.
            var people = series.Select(e => e.Organizer?.EmailAddress?.Address).Take(1)
                .Concat(series.SelectMany(e => e.Attendees ?? []).Where(a => a.Type != AttendeeType.Resource).Select(a => a.EmailAddress?.Address));
            foreach (var email in people.Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!zones.TryGetValue(email!, out var zone))
                {
                    zone = await TimeZoneOfAsync(email!, cancellationToken).ConfigureAwait(false);
                    zones[email!] = zone;
                }

                attendees.Add(new MeetingAttendee(email!, zone));
            }

            var first = series.First();
            result.Add(new RecurringSeries(
                series.Key,
                first.Subject ?? "(no subject)",
                userId,
                attendees,
                [.. series.Select(e => new MeetingOccurrence(Utc(e.Start), Utc(e.End))).OrderBy(o => o.Start)],
                await RecurrenceAsync(userId, series.Key, cancellationToken).ConfigureAwait(false)));
        }

        return result;
    }

    /// <summary>"weekly", "every 2 weeks", "daily"… from the series master, or null if it cannot be read.</summary>
    private async Task<string?> RecurrenceAsync(string userId, string seriesMasterId, CancellationToken cancellationToken)
    {
        try
        {
            var master = await GraphCalls.CallAsync(() => graph.Users[userId].Events[seriesMasterId].GetAsync(r => { r.QueryParameters.Select = ["recurrence"]; r.Options.Add(GraphCalls.NoSdkRetry); }, cancellationToken), clock, cancellationToken).ConfigureAwait(false);
            if (master?.Recurrence?.Pattern is not { } pattern)
            {
                return null;
            }

            var unit = pattern.Type switch
            {
                RecurrencePatternType.Daily => "day",
                RecurrencePatternType.Weekly => "week",
                RecurrencePatternType.AbsoluteMonthly or RecurrencePatternType.RelativeMonthly => "month",
                _ => "year",
            };
            var interval = pattern.Interval ?? 1;
            return interval == 1 ? (unit == "day" ? "daily" : unit + "ly") : $"every {interval} {unit}s";
        }
        catch (DependencyFailedException ex) when (ex.Status is 403 or 404)
        {
            return null;
        }
    }

    /// <summary>The attendee's mailbox time zone; null for people outside the tenant or without a mailbox.</summary>
    private async Task<string?> TimeZoneOfAsync(string email, CancellationToken cancellationToken)
    {
        try
        {
            var settings = await GraphCalls.CallAsync(() => graph.Users[email].MailboxSettings.GetAsync(r => r.Options.Add(GraphCalls.NoSdkRetry), cancellationToken), clock, cancellationToken).ConfigureAwait(false);
            return settings?.TimeZone;
        }
        catch (DependencyFailedException ex) when (ex.Status is 403 or 404)
        {
            return null;
        }
    }

    private static DateTimeOffset Utc(DateTimeTimeZone? time)
    {
        if (time?.DateTime is not { } text)
        {
            return DateTimeOffset.MinValue;
        }

        var local = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        if (time.TimeZone is { } zone && !zone.Equals("UTC", StringComparison.OrdinalIgnoreCase))
        {
            var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
            return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture), DateTimeKind.Unspecified), tz);
        }

        return new DateTimeOffset(local, TimeSpan.Zero);
    }
}
