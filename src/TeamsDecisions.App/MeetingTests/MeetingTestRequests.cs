using System.Globalization;
using TeamsDecisions.Core.Meetings;

namespace TeamsDecisions.App.MeetingTests;

/// <summary>
/// A meeting as the Outlook add-in reads it from the meeting form (Office.js <c>mailbox.item</c>), and the organiser's
/// questionnaire answers when they gave them (the send-time check has none: the purpose is guessed from the subject).
/// Dates are ISO 8601 with an offset or Z (JavaScript's <c>toISOString()</c>).
/// </summary>
internal sealed record MeetingTestRequest(
    string? Subject,
    string? Agenda,
    string? Start,
    string? End,
    string? TimeZone,
    IReadOnlyList<AttendeeInput>? Attendees,
    AttendeeInput? Organizer,
    RecurrenceInput? Recurrence,
    AnswersInput? Answers);

/// <summary>An invitee; <see cref="TimeZone"/> (IANA or Windows id) when the caller knows it.</summary>
internal sealed record AttendeeInput(string? Email, string? TimeZone);

/// <summary>Office.js <c>RecurrencePattern</c>: type daily|weekday|weekly|monthly|yearly, interval, days (mon…sun).</summary>
internal sealed record RecurrenceInput(string? Type, int? Interval, IReadOnlyList<string>? Days);

/// <summary>The questionnaire: what the meeting is for (a <see cref="MeetingPurpose"/> name) and what async cannot do.</summary>
internal sealed record AnswersInput(string? Purpose, bool RealTime, bool Visual, bool Shared);

/// <summary>"Post as an async thread in Teams": the meeting, where to post, and the questions (else the agenda's lines).</summary>
internal sealed record MeetingThreadRequest(MeetingTestRequest? Meeting, string? Team, string? Channel, IReadOnlyList<string>? Questions);

/// <summary>A request the API cannot take: the JSON path of the field to fix and what to do.</summary>
internal sealed record InputProblem(string Field, string Message);

/// <summary>A validated request: the invitation Core prices, and the answers (null: guess from the subject).</summary>
internal sealed record MeetingTestInput(MeetingInvitation Invitation, string? Agenda, MeetingPurpose Purpose, bool PurposeGuessed, AnswersInput Answers);

/// <summary>
/// The limits of <c>POST /api/meeting-test</c> and why each exists, and the one place that turns a request into Core's
/// <see cref="MeetingInvitation"/>.
/// </summary>
internal static class MeetingTestLimits
{
    /// <summary>Outlook's own limit on a subject.</summary>
    public const int SubjectMax = 255;

    /// <summary>The same as the bot's questionnaire: the agenda becomes the thread's questions, and a card stays small.</summary>
    public const int AgendaMax = 4000;

    /// <summary>Exchange refuses a message with more than 500 recipients by default.</summary>
    public const int AttendeesMax = 500;

    /// <summary>RFC 5321: 64 + 1 + 255, rounded to the common 320.</summary>
    public const int EmailMax = 320;

    public const int TimeZoneMax = 100;

    /// <summary>A meeting longer than a day is not a meeting the test is about (and would price absurdly).</summary>
    public static readonly TimeSpan DurationMax = TimeSpan.FromHours(24);

    public const int IntervalMax = 99;

    /// <summary>The thread card lists at most this many questions (as the bot's).</summary>
    public const int QuestionsMax = 20;

    public const int QuestionMax = 500;

    /// <summary>500 attendees of 320-character addresses and a 4,000-character agenda fit well within this.</summary>
    public const long BodyMax = 256 * 1024;

    private static readonly string[] DateFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm'Z'"];

    public static bool TryRead(MeetingTestRequest? request, string prefix, out MeetingTestInput? input, out InputProblem? problem)
    {
        input = null;
        problem = Validate(request, prefix, out var start, out var end, out var zone, out var attendees, out var recurrence, out var answers);
        if (problem is not null)
        {
            return false;
        }

        var subject = request!.Subject!.Trim();
        var guessed = answers?.Purpose is null;
        var purpose = guessed ? MeetingClassifier.Guess(subject) : Enum.Parse<MeetingPurpose>(answers!.Purpose!, ignoreCase: true);
        input = new MeetingTestInput(
            new MeetingInvitation(subject, start, end, zone!, attendees!, recurrence),
            string.IsNullOrWhiteSpace(request.Agenda) ? null : request.Agenda.Trim(),
            purpose,
            guessed,
            answers ?? new AnswersInput(null, false, false, false));
        return true;
    }

    private static InputProblem? Validate(
        MeetingTestRequest? request,
        string prefix,
        out DateTimeOffset start,
        out DateTimeOffset end,
        out TimeZoneInfo? zone,
        out List<MeetingAttendee>? attendees,
        out MeetingRecurrence? recurrence,
        out AnswersInput? answers)
    {
        start = end = default;
        zone = null;
        attendees = null;
        recurrence = null;
        answers = request?.Answers;
        if (request is null)
        {
            return new(prefix.TrimEnd('.'), "Send the meeting: subject, start, end, timeZone and attendees.");
        }

        if (string.IsNullOrWhiteSpace(request.Subject))
        {
            return new(prefix + "subject", "Give the meeting a subject.");
        }

        if (request.Subject.Length > SubjectMax)
        {
            return new(prefix + "subject", $"The subject is {request.Subject.Length:N0} characters; at most {SubjectMax:N0}.");
        }

        if (request.Agenda is { Length: > AgendaMax })
        {
            return new(prefix + "agenda", $"The agenda is {request.Agenda.Length:N0} characters; at most {AgendaMax:N0}. Shorten it, or link to a document.");
        }

        if (!TryDate(request.Start, out start))
        {
            return new(prefix + "start", "Give the start as an ISO 8601 date and time with an offset, e.g. 2026-12-01T14:00:00Z.");
        }

        if (!TryDate(request.End, out end))
        {
            return new(prefix + "end", "Give the end as an ISO 8601 date and time with an offset, e.g. 2026-12-01T15:00:00Z.");
        }

        if (end <= start || end - start > DurationMax)
        {
            return new(prefix + "end", "The end must be after the start, and at most 24 hours later.");
        }

        if (string.IsNullOrWhiteSpace(request.TimeZone) || request.TimeZone.Length > TimeZoneMax || FindZone(request.TimeZone) is not { } found)
        {
            return new(prefix + "timeZone", "Give the meeting's time zone as an IANA or Windows id, e.g. Europe/Paris.");
        }

        zone = found;
        if (request.Attendees is null)
        {
            return new(prefix + "attendees", "List the attendees (an empty list when there are none yet).");
        }

        if (request.Attendees.Count > AttendeesMax)
        {
            return new(prefix + "attendees", $"{request.Attendees.Count:N0} attendees; at most {AttendeesMax:N0}.");
        }

        attendees = [];
        var people = request.Organizer is null ? request.Attendees : [request.Organizer with { TimeZone = request.Organizer.TimeZone ?? request.TimeZone }, .. request.Attendees];
        for (var i = 0; i < people.Count; i++)
        {
            var field = request.Organizer is null ? $"{prefix}attendees[{i}]" : i == 0 ? $"{prefix}organizer" : $"{prefix}attendees[{i - 1}]";
            var person = people[i];
            if (person is null || string.IsNullOrWhiteSpace(person.Email) || person.Email.Length > EmailMax || !person.Email.Contains('@', StringComparison.Ordinal))
            {
                return new(field + ".email", "Each attendee needs an email address.");
            }

            if (person.TimeZone is { Length: > TimeZoneMax })
            {
                return new(field + ".timeZone", "A time zone is an IANA or Windows id, e.g. Asia/Singapore.");
            }

            attendees.Add(new MeetingAttendee(person.Email.Trim(), string.IsNullOrWhiteSpace(person.TimeZone) ? null : person.TimeZone.Trim()));
        }

        if (request.Recurrence is { } pattern)
        {
            if (!Enum.TryParse<RecurrenceKind>(pattern.Type, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(pattern.Type, out _))
            {
                return new(prefix + "recurrence.type", "The recurrence type is daily, weekday, weekly, monthly or yearly.");
            }

            if (pattern.Interval is < 1 or > IntervalMax)
            {
                return new(prefix + "recurrence.interval", $"The interval is 1 to {IntervalMax}.");
            }

            var days = new List<DayOfWeek>();
            foreach (var day in pattern.Days ?? [])
            {
                if (Days(day) is not { } named)
                {
                    return new(prefix + "recurrence.days", "Days are mon, tue, wed, thu, fri, sat, sun (or weekday, weekendDay, day).");
                }

                days.AddRange(named.Where(d => !days.Contains(d)));
            }

            recurrence = new MeetingRecurrence(kind, pattern.Interval ?? 1, days);
        }

        if (answers is not null && (answers.Purpose is null || !Enum.TryParse<MeetingPurpose>(answers.Purpose, ignoreCase: true, out var purpose) || !Enum.IsDefined(purpose) || int.TryParse(answers.Purpose, out _)))
        {
            return new(prefix + "answers.purpose", "Choose what the meeting is for: " + string.Join(", ", Enum.GetNames<MeetingPurpose>()) + ".");
        }

        return null;
    }

    /// <summary>A zone this system knows by an IANA or Windows id; null otherwise.</summary>
    public static TimeZoneInfo? FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static bool TryDate(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value)
        && value.Year is > 2000 and < 2200;

    private static DayOfWeek[]? Days(string? day) => day?.ToLowerInvariant() switch
    {
        "mon" => [DayOfWeek.Monday],
        "tue" => [DayOfWeek.Tuesday],
        "wed" => [DayOfWeek.Wednesday],
        "thu" => [DayOfWeek.Thursday],
        "fri" => [DayOfWeek.Friday],
        "sat" => [DayOfWeek.Saturday],
        "sun" => [DayOfWeek.Sunday],
        "weekday" => [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        "weekendday" => [DayOfWeek.Saturday, DayOfWeek.Sunday],
        "day" => Enum.GetValues<DayOfWeek>(),
        _ => null,
    };
}
