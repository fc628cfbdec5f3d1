using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TeamsDecisions.Testing;

/// <summary>What the calendar stand-in understood a request to be.</summary>
public enum CalendarOperation
{
    Unknown,
    CalendarView,
    SeriesMaster,
    MailboxSettings,

    /// <summary><c>POST /users/{id}/calendar/getSchedule</c>: free/busy and working hours of the schedules asked for.</summary>
    GetSchedule,

    /// <summary><c>POST /users/{id}/events</c>: a meeting created on the user's calendar.</summary>
    CreateEvent,
}

/// <summary>One request as the calendar stand-in saw it: decoded path, query and headers, and what it answered.</summary>
public sealed record CalendarRequest(
    CalendarOperation Operation,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset At)
{
    public int Status { get; set; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;

    /// <summary>The JSON body of a POST, as sent.</summary>
    public JsonNode? Body { get; init; }
}

/// <summary>A block in someone's calendar as getSchedule reports it: status "busy", "tentative", "oof", "workingElsewhere" or "free".</summary>
public sealed record ScheduleBlock(string Email, DateTimeOffset Start, DateTimeOffset End, string Status, string? Subject = null);

/// <summary>A meeting the stand-in created through <c>POST /users/{id}/events</c>: the organizer and the body as sent.</summary>
public sealed record CreatedEvent(string Id, string Organizer, JsonObject Body, Uri JoinUrl);

/// <summary>A scripted fault: answer <see cref="Status"/> (with Retry-After when given) instead of the data.</summary>
public sealed record CalendarFault(int Status, int? RetryAfterSeconds = null);

/// <summary>A mailbox's working hours as Outlook keeps them: the days, the local start and end, and the zone they are in.</summary>
public sealed record MailboxWorkingHours(IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End, string TimeZone);

/// <summary>One person in the stand-in's tenant (or outside it, with no mailbox settings).</summary>
public sealed record CalendarPerson(string Name, string Email, string? MailboxTimeZone, bool IsRoom = false);

/// <summary>
/// A loopback stand-in for the calendar part of Microsoft Graph v1.0: <c>GET /users/{id}/calendarView</c> (occurrences
/// of the organiser's calendar expanded for the requested window, two pages joined by @odata.nextLink, times in the
/// zone the Prefer: outlook.timezone header asks for, UTC by default, $select honoured), <c>GET /users/{id}/events/{id}</c>
/// (series masters with their recurrence) and <c>GET /users/{id or email}/mailboxSettings</c> (the people below, with
/// Monday–Friday 08:00–17:00 in their mailbox zone, and any mailbox a test adds with <see cref="AddMailbox"/>). It
/// serves one organiser,
/// Zofia Nowak in Warsaw, with a calendar built to test the meeting prompts: a weekly late-for-Singapore sync, a daily
/// stand-up, an all-day series, a series with a cancelled occurrence, a private series, a series she only attends and
/// a single meeting. Series are defined in local time (Warsaw, Paris or Singapore), as Outlook stores them. Every request is recorded;
/// faults are scripted per operation.
/// </summary>
public sealed class CalendarGraphStandIn : IAsyncDisposable
{
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string OrganiserId = "5e0b7a3c-6f1d-4c2e-9a8b-7d6c5b4a3f21";
    public const string OrganiserEmail = "zofia.nowak@contoso.com";
    public const string OrganiserName = "Zofia Nowak";
    public const string OrganiserTimeZone = "Europe/Warsaw";

    /// <summary>(a) Weekly, Wednesday 15:00 Warsaw = 14:00 UTC in winter = 22:00 in Singapore; Zofia and six attendees, three in Singapore.</summary>
    public const string ArchitectureSyncId = "AAMkAGQ3ZjE0NGM2LTlhMjEtNDk1MC1iYzQxLTJmNTNiZDU0YTg5NQBGAAAAAAC7q0Hh3Sm1QKkq-ArchSync_1=";
    public const string ArchitectureSync = "Architecture sync";

    /// <summary>(b) Daily, 10:15–10:30 Paris and Warsaw (09:15 UTC) with three Europeans and a room; set up in Paris time.</summary>
    public const string StandUpId = "AAMkAGQ3ZjE0NGM2LTlhMjEtNDk1MC1iYzQxLTJmNTNiZDU0YTg5NQBGAAAAAAC7q0Hh3Sm1QKkq-StandUp_22=";
    public const string StandUp = "Platform stand-up";

    /// <summary>(h) Weekly, Monday 16:00 Singapore (08:00 UTC, 09:00 Warsaw), 30 minutes with Wei; set up in Singapore time.</summary>
    public const string ApacHandOverId = "AAMkAGQ3ZjE0NGM2LTlhMjEtNDk1MC1iYzQxLTJmNTNiZDU0YTg5NQBGAAAAAAC7q0Hh3Sm1QKkq-Apac_88888=";
    public const string ApacHandOver = "APAC hand-over";

    /// <summary>(c) Weekly all-day on Fridays.</summary>
    public const string OfficeDayId = "AAMkAGQ3ZjE0NGM2LTlhMjEtNDk1MC1iYzQxLTJmNTNiZDU0YTg5NQBGAAAAAAC7q0Hh3Sm1QKkq-AllDay_333=";
    public const string OfficeDay = "Working from the Kraków office";

    /// <summary>(d) Weekly, Thursday 11:00 Warsaw (10:00 UTC), Zofia and one attendee; the occurrence of <see cref="CancelledDate"/> is cancelled.</summary>
    public const string DesignReviewId = "AAMkAGQ3ZjE0NGM2LTlhMjEtNDk1MC1iYzQxLTJmNTNiZDU0YTg5NQBGAAAAAAC7q0Hh3Sm1QKkq-Review_4444=";
    public const string DesignReview = "Platform design review";

    /// <summary>(e) Private, weekly, Friday 16:30 Warsaw — 00:30 for the attendee in Tokyo.</summary>
    public const string MentoringId = "AAMkAGQ3ZjE0NGM2LTlhMjEtNDk1MC1iYzQxLTJmNTNiZDU0YTg5NQBGAAAAAAC7q0Hh3Sm1QKkq-Private_555=";
    public const string Mentoring = "Mentoring with Kasia";

    /// <summary>(f) Weekly, Tuesday 17:00 Warsaw, organised by Jonas; Zofia only attends.</summary>
    public const string ReleaseReadinessId = "AAMkAGQ3ZjE0NGM2LTlhMjEtNDk1MC1iYzQxLTJmNTNiZDU0YTg5NQBGAAAAAAC7q0Hh3Sm1QKkq-Release_666=";
    public const string ReleaseReadiness = "Release readiness";

    /// <summary>(g) A single meeting.</summary>
    public const string BudgetCheckId = "AAMkAGQ3ZjE0NGM2LTlhMjEtNDk1MC1iYzQxLTJmNTNiZDU0YTg5NQBGAAAAAAC7q0Hh3Sm1QKkq-Single_7777=";
    public const string BudgetCheck = "Q4 budget check";

    public static readonly DateOnly CancelledDate = new(2026, 11, 19);
    public static readonly DateOnly BudgetCheckDate = new(2026, 11, 10);

    public static readonly CalendarPerson Amelie = new("Amélie Laurent", "amelie.laurent@contoso.com", "Europe/Paris");
    public static readonly CalendarPerson Piotr = new("Piotr Wiśniewski", "piotr.wisniewski@contoso.com", "Europe/Warsaw");
    public static readonly CalendarPerson Marta = new("Marta Kowalska", "marta.kowalska@contoso.com", "Central European Standard Time");
    public static readonly CalendarPerson Wei = new("Tan Wei", "wei.tan@contoso.com", "Asia/Singapore");
    public static readonly CalendarPerson Mei = new("Lim Mei", "mei.lim@contoso.com", "Asia/Singapore");

    /// <summary>Her mailbox reports a Windows time-zone id, as mailboxes set up in Outlook desktop do.</summary>
    public static readonly CalendarPerson Priya = new("Priya Raman", "priya.raman@contoso.com", "Singapore Standard Time");

    /// <summary>A guest from another tenant: Graph answers 404 for her mailbox settings.</summary>
    public static readonly CalendarPerson Jordan = new("Jordan Baker", "jordan.baker@fabrikam.com", null);

    public static readonly CalendarPerson Kasia = new("Katarzyna Zielińska", "katarzyna.zielinska@contoso.com", "Asia/Tokyo");
    public static readonly CalendarPerson Jonas = new("Jonas Berg", "jonas.berg@contoso.com", "Europe/Stockholm");

    /// <summary>A meeting room booked as an attendee of type "resource"; rooms have mailboxes too.</summary>
    public static readonly CalendarPerson RoomWisla = new("Room Wisła (8)", "room.wisla@contoso.com", "Central European Standard Time", IsRoom: true);

    public static readonly CalendarPerson Zofia = new(OrganiserName, OrganiserEmail, OrganiserTimeZone);

    private static readonly IReadOnlyList<SeriesDefinition> Calendar =
    [
        new(ArchitectureSyncId, ArchitectureSync, "weekly", 1, [DayOfWeek.Wednesday], new TimeOnly(15, 0), TimeSpan.FromHours(1), Zofia, [Amelie, Piotr, Wei, Mei, Priya, Jordan]),
        new(StandUpId, StandUp, "daily", 1, [], new TimeOnly(10, 15), TimeSpan.FromMinutes(15), Zofia, [Amelie, Piotr, Marta, RoomWisla], TimeZone: "Europe/Paris"),
        new(ApacHandOverId, ApacHandOver, "weekly", 1, [DayOfWeek.Monday], new TimeOnly(16, 0), TimeSpan.FromMinutes(30), Zofia, [Wei], TimeZone: "Asia/Singapore"),
        new(OfficeDayId, OfficeDay, "weekly", 1, [DayOfWeek.Friday], TimeOnly.MinValue, TimeSpan.FromDays(1), Zofia, [], IsAllDay: true),
        new(DesignReviewId, DesignReview, "weekly", 1, [DayOfWeek.Thursday], new TimeOnly(11, 0), TimeSpan.FromHours(1), Zofia, [Amelie], Cancelled: [CancelledDate]),
        new(MentoringId, Mentoring, "weekly", 1, [DayOfWeek.Friday], new TimeOnly(16, 30), TimeSpan.FromHours(1), Zofia, [Kasia], Sensitivity: "private"),
        new(ReleaseReadinessId, ReleaseReadiness, "weekly", 1, [DayOfWeek.Tuesday], new TimeOnly(17, 0), TimeSpan.FromHours(1), Jonas, [Zofia, Wei, Mei, Priya, Amelie, Piotr]),
    ];

    private static readonly IReadOnlyList<CalendarPerson> People = [Zofia, Amelie, Piotr, Marta, Wei, Mei, Priya, Jordan, Kasia, Jonas, RoomWisla];

    private readonly WebApplication app;
    private readonly object gate = new();
    private readonly List<CalendarRequest> requests = [];
    private readonly List<(CalendarOperation Operation, CalendarFault Fault, int Remaining)> faults = [];
    private readonly List<string> violations = [];
    private readonly Dictionary<string, (string TimeZone, MailboxWorkingHours? WorkingHours)> mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ScheduleBlock> blocks = [];
    private readonly List<CreatedEvent> created = [];

    private CalendarGraphStandIn(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>"http://127.0.0.1:{port}/v1.0" — the Graph base URL to give the SDK.</summary>
    public Uri BaseUrl { get; }

    public IReadOnlyList<CalendarRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>Requests Graph would reject or that break the stand-in's contract (missing window, unknown path...).</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (gate)
            {
                return [.. violations];
            }
        }
    }

    public static async Task<CalendarGraphStandIn> StartAsync()
    {
        CalendarGraphStandIn? standIn = null;
        var (app, baseUrl) = await LoopbackHost.StartAsync(() => standIn!.HandleAsync, "/v1.0").ConfigureAwait(false);
        standIn = new CalendarGraphStandIn(app, baseUrl);
        return standIn;
    }

    /// <summary>
    /// When set, every request must carry <c>Authorization: Bearer</c> with this token, as Graph requires; one without
    /// it is answered 401 and recorded as a violation.
    /// </summary>
    public string? RequiredBearerToken { get; set; }

    /// <summary>
    /// A mailbox for <paramref name="user"/> (object id or address) with <paramref name="timeZone"/> as its zone and
    /// <paramref name="workingHours"/> (none: the settings carry no workingHours). Zones are written as given: a Windows
    /// id, an IANA id, or a custom name Graph would show for a customised zone.
    /// </summary>
    public void AddMailbox(string user, string timeZone, MailboxWorkingHours? workingHours)
    {
        lock (gate)
        {
            mailboxes[user] = (timeZone, workingHours);
        }
    }

    /// <summary>A block in <see cref="ScheduleBlock.Email"/>'s calendar, reported by getSchedule when it overlaps the window asked for.</summary>
    public void AddBlock(ScheduleBlock block)
    {
        lock (gate)
        {
            blocks.Add(block);
        }
    }

    /// <summary>The meetings created, in order.</summary>
    public IReadOnlyList<CreatedEvent> CreatedEvents
    {
        get
        {
            lock (gate)
            {
                return [.. created];
            }
        }
    }

    /// <summary>The next <paramref name="times"/> requests of <paramref name="operation"/> get <paramref name="fault"/>.</summary>
    public void Fail(CalendarOperation operation, CalendarFault fault, int times = 1)
    {
        lock (gate)
        {
            faults.Add((operation, fault, times));
        }
    }

    public void ClearFaults()
    {
        lock (gate)
        {
            faults.Clear();
        }
    }

    public int Count(CalendarOperation operation) => Requests.Count(r => r.Operation == operation);

    public void ClearRequests()
    {
        lock (gate)
        {
            requests.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var (operation, user, eventId) = Classify(context.Request.Method, path);
        JsonNode? requestBody = null;
        if (context.Request.Method == "POST")
        {
            try
            {
                requestBody = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException ex)
            {
                Violation($"POST {path} with a body that is not JSON: {ex.Message}");
            }
        }

        var request = new CalendarRequest(operation, context.Request.Method, path, query, headers, DateTimeOffset.UtcNow) { Body = requestBody };
        CalendarFault? fault;
        lock (gate)
        {
            requests.Add(request);
            fault = TakeFault(operation);
        }

        if (RequiredBearerToken is { } token && request.Header("Authorization") != "Bearer " + token)
        {
            Violation($"{context.Request.Method} {path} without the bearer token: Authorization={request.Header("Authorization") ?? "(none)"}.");
            await WriteAsync(context, request, 401, Error(401, "Access token is empty.", "InvalidAuthenticationToken")).ConfigureAwait(false);
            return;
        }

        if (fault is not null)
        {
            if (fault.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await WriteAsync(context, request, fault.Status, Error(fault.Status, "Throttled.")).ConfigureAwait(false);
            return;
        }

        int status;
        JsonNode body;
        try
        {
            (status, body) = operation switch
            {
                CalendarOperation.CalendarView => CalendarView(context.Request, user!, query, headers),
                CalendarOperation.SeriesMaster => SeriesMaster(user!, eventId!, query),
                CalendarOperation.MailboxSettings => MailboxSettings(user!),
                CalendarOperation.GetSchedule => GetSchedule(context.Request, user!, requestBody as JsonObject),
                CalendarOperation.CreateEvent => CreateEvent(user!, requestBody as JsonObject),
                _ => Unexpected(context.Request.Method, path),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or TimeZoneNotFoundException)
        {
            // A broken stand-in must show in the test, not as an unexplained 500.
            Violation($"The stand-in failed on {context.Request.Method} {path}: {ex}");
            (status, body) = (500, Error(500, ex.Message));
        }

        await WriteAsync(context, request, status, body).ConfigureAwait(false);
    }

    private (int Status, JsonNode Body) Unexpected(string method, string path)
    {
        Violation($"Unexpected request {method} {path}.");
        return (400, Error(400, $"Resource not found for the segment in {path}."));
    }

    private CalendarFault? TakeFault(CalendarOperation operation)
    {
        for (var i = 0; i < faults.Count; i++)
        {
            if (faults[i].Operation != operation)
            {
                continue;
            }

            var (op, fault, remaining) = faults[i];
            if (remaining <= 1)
            {
                faults.RemoveAt(i);
            }
            else
            {
                faults[i] = (op, fault, remaining == int.MaxValue ? remaining : remaining - 1);
            }

            return fault;
        }

        return null;
    }

    private static (CalendarOperation Operation, string? User, string? EventId) Classify(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (method == "POST" && segments.Length >= 4 && segments[0] == "v1.0" && segments[1] == "users")
        {
            return (segments.Length, segments[3], segments.Length > 4 ? segments[4] : null) switch
            {
                (5, "calendar", "getSchedule") => (CalendarOperation.GetSchedule, segments[2], null),
                (4, "events", _) => (CalendarOperation.CreateEvent, segments[2], null),
                _ => (CalendarOperation.Unknown, null, null),
            };
        }

        if (method != "GET" || segments.Length < 4 || segments[0] != "v1.0" || segments[1] != "users")
        {
            return (CalendarOperation.Unknown, null, null);
        }

        return (segments.Length, segments[3]) switch
        {
            (4, "calendarView") => (CalendarOperation.CalendarView, segments[2], null),
            (4, "mailboxSettings") => (CalendarOperation.MailboxSettings, segments[2], null),
            (5, "events") => (CalendarOperation.SeriesMaster, segments[2], segments[4]),
            _ => (CalendarOperation.Unknown, null, null),
        };
    }

    private static bool IsOrganiser(string user) =>
        string.Equals(user, OrganiserId, StringComparison.OrdinalIgnoreCase) || string.Equals(user, OrganiserEmail, StringComparison.OrdinalIgnoreCase);

    private (int Status, JsonNode Body) CalendarView(HttpRequest http, string user, Dictionary<string, string> query, Dictionary<string, string> headers)
    {
        if (!IsOrganiser(user))
        {
            return (404, Error(404, $"The requested user '{user}' is invalid.", "ErrorInvalidUser"));
        }

        if (!query.TryGetValue("startDateTime", out var startText) || !query.TryGetValue("endDateTime", out var endText)
            || !DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
            || !DateTimeOffset.TryParse(endText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end))
        {
            Violation($"calendarView without a valid startDateTime/endDateTime: {http.QueryString}");
            return (400, Error(400, "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.", "ErrorInvalidParameter"));
        }

        // Graph answers in UTC unless Prefer: outlook.timezone names another zone.
        var zone = TimeZoneInfo.Utc;
        var zoneName = "UTC";
        if (headers.TryGetValue("Prefer", out var prefer) && PreferredZone(prefer) is { } preferred)
        {
            zoneName = preferred;
            zone = TimeZoneInfo.FindSystemTimeZoneById(preferred);
        }

        var all = Occurrences(start, end).OrderBy(o => o.Start).ThenBy(o => o.Series?.Subject ?? BudgetCheck, StringComparer.Ordinal).ToList();
        var skip = query.TryGetValue("$skip", out var skipText) ? int.Parse(skipText, CultureInfo.InvariantCulture) : 0;
        var firstPage = (all.Count + 1) / 2;
        var page = skip == 0 ? all.Take(firstPage) : all.Skip(skip);
        var select = Select(query);
        var value = new JsonArray([.. page.Select(o => Project(ToJson(o, zone, zoneName), select))]);
        var body = new JsonObject
        {
            ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#users('{user}')/calendarView",
            ["value"] = value,
        };
        if (skip == 0 && all.Count > firstPage)
        {
            var next = new StringBuilder(BaseUrl.AbsoluteUri).Append("/users/").Append(Uri.EscapeDataString(user)).Append("/calendarView?");
            foreach (var (key, text) in query.Where(q => q.Key != "$skip"))
            {
                next.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(text)).Append('&');
            }

            next.Append("%24skip=").Append(firstPage.ToString(CultureInfo.InvariantCulture));
            body["@odata.nextLink"] = next.ToString();
        }

        http.HttpContext.Response.Headers["Preference-Applied"] = $"outlook.timezone=\"{zoneName}\"";
        return (200, body);
    }

    private static (int Status, JsonNode Body) SeriesMaster(string user, string eventId, Dictionary<string, string> query)
    {
        var series = Calendar.FirstOrDefault(s => s.MasterId == eventId && (IsOrganiser(user) || s.Organizer.Email.Equals(user, StringComparison.OrdinalIgnoreCase)));
        if (!IsOrganiser(user) || series is null)
        {
            return (404, Error(404, "The specified object was not found in the store.", "ErrorItemNotFound"));
        }

        var pattern = new JsonObject
        {
            ["type"] = series.Pattern,
            ["interval"] = series.Interval,
            ["month"] = 0,
            ["dayOfMonth"] = 0,
            ["firstDayOfWeek"] = series.Pattern == "weekly" ? "monday" : "sunday",
            ["index"] = "first",
        };
        if (series.Pattern == "weekly")
        {
            pattern["daysOfWeek"] = new JsonArray([.. series.Days.Select(d => (JsonNode)d.ToString().ToLowerInvariant())]);
        }

        var master = Event(series, series.Subject, "seriesMaster", null, series.FirstDate, TimeZoneInfo.Utc, "UTC");
        master["recurrence"] = new JsonObject
        {
            ["pattern"] = pattern,
            ["range"] = new JsonObject
            {
                ["type"] = "noEnd",
                ["startDate"] = series.FirstDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["endDate"] = "0001-01-01",
                ["recurrenceTimeZone"] = TimeZoneInfo.TryConvertIanaIdToWindowsId(series.TimeZone, out var windowsZone) ? windowsZone : series.TimeZone,
                ["numberOfOccurrences"] = 0,
            },
        };
        var body = Project(master, Select(query));
        body["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#users('{user}')/events(recurrence)/$entity";
        return (200, body);
    }

    private (int Status, JsonNode Body) MailboxSettings(string user)
    {
        (string TimeZone, MailboxWorkingHours? WorkingHours) added;
        bool isAdded;
        lock (gate)
        {
            isAdded = mailboxes.TryGetValue(user, out added);
        }

        if (isAdded)
        {
            return (200, Mailbox(user, added.TimeZone, false, added.WorkingHours));
        }

        var person = People.FirstOrDefault(p => p.Email.Equals(user, StringComparison.OrdinalIgnoreCase) || (IsOrganiser(user) && p == Zofia));
        if (person?.MailboxTimeZone is null)
        {
            return (404, Error(404, $"The requested user '{user}' is invalid.", "ErrorInvalidUser"));
        }

        var hours = new MailboxWorkingHours([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], new TimeOnly(8, 0), new TimeOnly(17, 0), person.MailboxTimeZone);
        return (200, Mailbox(user, person.MailboxTimeZone, person.IsRoom, hours));
    }

    private static JsonObject Mailbox(string user, string timeZone, bool isRoom, MailboxWorkingHours? hours)
    {
        var settings = new JsonObject
        {
            ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#users('{user}')/mailboxSettings",
            ["archiveFolder"] = "AQMkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAuAAADwxrnPbsLpEWXWGsa9ln0BQEAuy1UYm_QLUKDiEO8zGOzSQAAAgEMAAAA",
            ["timeZone"] = timeZone,
            ["dateFormat"] = "yyyy-MM-dd",
            ["timeFormat"] = "HH:mm",
            ["userPurpose"] = isRoom ? "room" : "user",
            ["delegateMeetingMessageDeliveryOptions"] = "sendToDelegateOnly",
            ["language"] = new JsonObject { ["locale"] = "en-GB", ["displayName"] = "English (United Kingdom)" },
        };
        if (hours is not null)
        {
            settings["workingHours"] = new JsonObject
            {
                ["daysOfWeek"] = new JsonArray([.. hours.Days.Select(d => (JsonNode)d.ToString().ToLowerInvariant())]),
                ["startTime"] = hours.Start.ToString("HH:mm:ss'.0000000'", CultureInfo.InvariantCulture),
                ["endTime"] = hours.End.ToString("HH:mm:ss'.0000000'", CultureInfo.InvariantCulture),
                ["timeZone"] = new JsonObject { ["name"] = hours.TimeZone },
            };
        }

        return settings;
    }

    /// <summary>Every occurrence, exception and single instance that overlaps [start, end), as calendarView expands them.</summary>
    private static IEnumerable<Occurrence> Occurrences(DateTimeOffset start, DateTimeOffset end)
    {
        foreach (var series in Calendar)
        {
            var firstDay = DateOnly.FromDateTime(start.UtcDateTime).AddDays(-1);
            var lastDay = DateOnly.FromDateTime(end.UtcDateTime).AddDays(1);
            for (var day = firstDay < series.FirstDate ? series.FirstDate : firstDay; day <= lastDay; day = day.AddDays(1))
            {
                var weeks = (day.DayNumber - series.FirstDate.DayNumber) / 7;
                var due = series.Pattern == "daily"
                    ? (day.DayNumber - series.FirstDate.DayNumber) % series.Interval == 0
                    : series.Days.Contains(day.DayOfWeek) && weeks % series.Interval == 0;
                if (!due)
                {
                    continue;
                }

                var (occurrenceStart, occurrenceEnd) = series.IsAllDay
                    ? (new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
                    : Local(day, series.LocalStart, series.Duration, series.TimeZone);
                if (occurrenceStart < end && occurrenceEnd > start)
                {
                    yield return new Occurrence(series, day, occurrenceStart, occurrenceEnd, series.IsCancelledOn(day));
                }
            }
        }

        var (singleStart, singleEnd) = Local(BudgetCheckDate, new TimeOnly(14, 0), TimeSpan.FromMinutes(45));
        if (singleStart < end && singleEnd > start)
        {
            yield return new Occurrence(null, BudgetCheckDate, singleStart, singleEnd, false);
        }
    }

    private static (DateTimeOffset Start, DateTimeOffset End) Local(DateOnly day, TimeOnly time, TimeSpan duration, string zone = OrganiserTimeZone)
    {
        var utc = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(time, DateTimeKind.Unspecified), TimeZoneInfo.FindSystemTimeZoneById(zone));
        var startUtc = new DateTimeOffset(utc, TimeSpan.Zero);
        return (startUtc, startUtc + duration);
    }

    private static JsonObject ToJson(Occurrence occurrence, TimeZoneInfo zone, string zoneName)
    {
        if (occurrence.Series is not { } series)
        {
            var single = new SeriesDefinition(BudgetCheckId, BudgetCheck, "none", 1, [], new TimeOnly(14, 0), TimeSpan.FromMinutes(45), Zofia, [Amelie]);
            var json = Event(single, BudgetCheck, "singleInstance", null, occurrence.Day, zone, zoneName);
            json["start"] = Time(occurrence.Start, zone, zoneName);
            json["end"] = Time(occurrence.End, zone, zoneName);
            return json;
        }

        var cancelled = occurrence.IsCancelled;

        // Outlook renames a cancelled occurrence and keeps it as an exception of the series.
        var result = Event(series, cancelled ? "Canceled: " + series.Subject : series.Subject, cancelled ? "exception" : "occurrence", series.MasterId, occurrence.Day, zone, zoneName);
        result["isCancelled"] = cancelled;
        if (series.IsAllDay)
        {
            // All-day events float: midnight to midnight whatever zone is asked for.
            result["start"] = new JsonObject { ["dateTime"] = occurrence.Day.ToString("yyyy-MM-dd'T00:00:00.0000000'", CultureInfo.InvariantCulture), ["timeZone"] = zoneName };
            result["end"] = new JsonObject { ["dateTime"] = occurrence.Day.AddDays(1).ToString("yyyy-MM-dd'T00:00:00.0000000'", CultureInfo.InvariantCulture), ["timeZone"] = zoneName };
        }
        else
        {
            result["start"] = Time(occurrence.Start, zone, zoneName);
            result["end"] = Time(occurrence.End, zone, zoneName);
        }

        return result;
    }

    private static JsonObject Event(SeriesDefinition series, string subject, string type, string? masterId, DateOnly day, TimeZoneInfo zone, string zoneName)
    {
        var id = type is "seriesMaster" or "singleInstance" ? series.MasterId : OccurrenceId(series.MasterId, day);
        var (start, end) = series.IsAllDay ? (new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)) : Local(day, series.LocalStart, series.Duration, series.TimeZone);
        var isOrganiser = series.Organizer == Zofia;
        return new JsonObject
        {
            ["@odata.etag"] = "W/\"DwAAABYAAAC7q0Hh3Sm1QKkq3rKbFJ7jAAAfq2xj\"",
            ["id"] = id,
            ["createdDateTime"] = "2026-08-27T08:12:43.0000000Z",
            ["lastModifiedDateTime"] = "2026-10-29T15:40:02.0000000Z",
            ["changeKey"] = "DwAAABYAAAC7q0Hh3Sm1QKkq3rKbFJ7jAAAfq2xj",
            ["iCalUId"] = "040000008200E00074C5B7101A82E00800000000" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(series.MasterId)))[..40],
            ["reminderMinutesBeforeStart"] = 15,
            ["isReminderOn"] = true,
            ["hasAttachments"] = false,
            ["subject"] = subject,
            ["bodyPreview"] = string.Empty,
            ["importance"] = "normal",
            ["sensitivity"] = series.Sensitivity,
            ["isAllDay"] = series.IsAllDay,
            ["isCancelled"] = false,
            ["isOrganizer"] = isOrganiser,
            ["responseRequested"] = true,
            ["seriesMasterId"] = masterId,
            ["showAs"] = series.IsAllDay ? "free" : "busy",
            ["type"] = type,
            ["webLink"] = $"https://outlook.office365.com/owa/?itemid={Uri.EscapeDataString(id)}&exvsurl=1&path=/calendar/item",
            ["isOnlineMeeting"] = series.Attendees.Count > 0,
            ["onlineMeetingProvider"] = series.Attendees.Count > 0 ? "teamsForBusiness" : "unknown",
            ["responseStatus"] = new JsonObject { ["response"] = isOrganiser ? "organizer" : "accepted", ["time"] = "2026-08-27T08:15:00.0000000Z" },
            ["start"] = Time(start, zone, zoneName),
            ["end"] = Time(end, zone, zoneName),
            ["location"] = new JsonObject { ["displayName"] = series.Attendees.FirstOrDefault(a => a.IsRoom)?.Name ?? "Microsoft Teams Meeting", ["locationType"] = "default" },
            ["attendees"] = new JsonArray([.. series.Attendees.Select(a => (JsonNode)new JsonObject
            {
                ["type"] = a.IsRoom ? "resource" : "required",
                ["status"] = new JsonObject { ["response"] = a.IsRoom ? "accepted" : "none", ["time"] = "0001-01-01T00:00:00Z" },
                ["emailAddress"] = new JsonObject { ["name"] = a.Name, ["address"] = a.Email },
            })]),
            ["organizer"] = new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = series.Organizer.Name, ["address"] = series.Organizer.Email } },
        };
    }

    private static JsonObject Time(DateTimeOffset at, TimeZoneInfo zone, string zoneName) => new()
    {
        ["dateTime"] = TimeZoneInfo.ConvertTime(at, zone).DateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        ["timeZone"] = zoneName,
    };

    private static string OccurrenceId(string masterId, DateOnly day) =>
        masterId[..^1] + "AABEBwz_Ar-IR5xUaG1tgqPW" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "=";

    private static string? PreferredZone(string prefer)
    {
        foreach (var part in prefer.Split(','))
        {
            var item = part.Trim();
            if (item.StartsWith("outlook.timezone=", StringComparison.OrdinalIgnoreCase))
            {
                return item["outlook.timezone=".Length..].Trim('"');
            }
        }

        return null;
    }

    private static HashSet<string>? Select(Dictionary<string, string> query) =>
        query.TryGetValue("$select", out var select) && select.Length > 0
            ? [.. select.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : null;

    /// <summary>With $select Graph returns only the selected properties, plus id and @odata.etag.</summary>
    private static JsonObject Project(JsonObject item, HashSet<string>? select)
    {
        if (select is null)
        {
            return item;
        }

        var projected = new JsonObject();
        foreach (var (key, value) in item)
        {
            if (key is "id" or "@odata.etag" || select.Contains(key))
            {
                projected[key] = value?.DeepClone();
            }
        }

        return projected;
    }

    /// <summary>
    /// getSchedule as Graph answers it: each schedule's blocks overlapping the window (times in UTC unless Prefer names
    /// a zone), its availabilityView at the interval asked for, and its mailbox's working hours; an address without a
    /// mailbox gets an error entry instead. The body is checked against Graph's contract first.
    /// </summary>
    private (int Status, JsonNode Body) GetSchedule(HttpRequest http, string user, JsonObject? body)
    {
        // Graph reads action parameters case-insensitively; the SDK sends them as its metadata spells them ("Schedules").
        var schedules = (Parameter(body, "schedules") as JsonArray)?.Select(n => n?.GetValue<string>()).ToList();
        var interval = Parameter(body, "availabilityViewInterval")?.GetValue<int>() ?? 30;
        if (schedules is null || schedules.Count == 0 || schedules.Count > 20 || schedules.Any(string.IsNullOrWhiteSpace)
            || WindowTime(Parameter(body, "startTime")) is not { } start || WindowTime(Parameter(body, "endTime")) is not { } end || end <= start
            || end - start > TimeSpan.FromDays(62) || interval is < 5 or > 1440)
        {
            Violation($"getSchedule for {user} with a body Graph refuses: {body?.ToJsonString()}");
            return (400, Error(400, "The request body is not valid.", "ErrorInvalidParameter"));
        }

        var zone = TimeZoneInfo.Utc;
        var zoneName = "UTC";
        if (http.Headers.TryGetValue("Prefer", out var prefer) && PreferredZone(prefer.ToString()) is { } preferred)
        {
            zoneName = preferred;
            zone = TimeZoneInfo.FindSystemTimeZoneById(preferred);
        }

        var value = new JsonArray();
        foreach (var email in schedules!)
        {
            var hours = WorkingHoursOf(email!);
            if (hours is null)
            {
                value.Add(new JsonObject
                {
                    ["scheduleId"] = email,
                    ["availabilityView"] = string.Empty,
                    ["error"] = new JsonObject { ["message"] = $"The requested user '{email}' is invalid.", ["responseCode"] = "ErrorInvalidUser" },
                    ["scheduleItems"] = new JsonArray(),
                });
                continue;
            }

            List<ScheduleBlock> mine;
            lock (gate)
            {
                mine = [.. blocks.Where(b => b.Email.Equals(email, StringComparison.OrdinalIgnoreCase) && b.Start < end && b.End > start).OrderBy(b => b.Start)];
            }

            var view = new StringBuilder();
            for (var slot = start; slot < end; slot += TimeSpan.FromMinutes(interval))
            {
                var slotEnd = slot + TimeSpan.FromMinutes(interval);
                var statuses = mine.Where(b => b.Start < slotEnd && b.End > slot).Select(b => b.Status).ToList();
                view.Append(statuses.Contains("oof") ? '3' : statuses.Contains("busy") ? '2' : statuses.Contains("tentative") ? '1' : '0');
            }

            value.Add(new JsonObject
            {
                ["scheduleId"] = email,
                ["availabilityView"] = view.ToString(),
                ["scheduleItems"] = new JsonArray([.. mine.Select(b => (JsonNode)new JsonObject
                {
                    ["isPrivate"] = false,
                    ["status"] = b.Status,
                    ["subject"] = b.Subject ?? string.Empty,
                    ["location"] = string.Empty,
                    ["start"] = Time(b.Start, zone, zoneName),
                    ["end"] = Time(b.End, zone, zoneName),
                })]),
                ["workingHours"] = new JsonObject
                {
                    ["daysOfWeek"] = new JsonArray([.. hours.Days.Select(d => (JsonNode)d.ToString().ToLowerInvariant())]),
                    ["startTime"] = hours.Start.ToString("HH:mm:ss'.0000000'", CultureInfo.InvariantCulture),
                    ["endTime"] = hours.End.ToString("HH:mm:ss'.0000000'", CultureInfo.InvariantCulture),
                    ["timeZone"] = new JsonObject { ["name"] = hours.TimeZone },
                },
            });
        }

        return (200, new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)",
            ["value"] = value,
        });
    }

    /// <summary>
    /// Creates the event when its body holds what a Teams meeting with an agenda needs: a subject, a body with content,
    /// start and end each with a dateTime and a known timeZone (end after start), attendees with addresses,
    /// isOnlineMeeting true and onlineMeetingProvider teamsForBusiness. Anything else is a violation and a 400.
    /// </summary>
    private (int Status, JsonNode Body) CreateEvent(string user, JsonObject? body)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(body?["subject"]?.GetValue<string>()))
        {
            problems.Add("no subject");
        }

        if (string.IsNullOrWhiteSpace(body?["body"]?["content"]?.GetValue<string>()))
        {
            problems.Add("no body content (the agenda)");
        }

        var start = ZonedTime(body?["start"]);
        var end = ZonedTime(body?["end"]);
        if (start is null || end is null || end <= start)
        {
            problems.Add("start/end missing, in an unknown zone, or not in order");
        }

        var attendees = (body?["attendees"] as JsonArray)?.Select(a => a?["emailAddress"]?["address"]?.GetValue<string>()).ToList();
        if (attendees is null || attendees.Count == 0 || attendees.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("attendees without addresses");
        }

        if (body?["isOnlineMeeting"]?.GetValue<bool>() != true || body?["onlineMeetingProvider"]?.GetValue<string>() != "teamsForBusiness")
        {
            problems.Add("not a Teams meeting (isOnlineMeeting true, onlineMeetingProvider teamsForBusiness)");
        }

        if (problems.Count > 0)
        {
            Violation($"POST /users/{user}/events: {string.Join("; ", problems)}: {body?.ToJsonString()}");
            return (400, Error(400, string.Join("; ", problems), "ErrorInvalidRequest"));
        }

        CreatedEvent made;
        lock (gate)
        {
            var transaction = body!["transactionId"]?.GetValue<string>();
            if (transaction is not null && created.FirstOrDefault(e => e.Body["transactionId"]?.GetValue<string>() == transaction) is { } again)
            {
                made = again;
            }
            else
            {
                var id = "AAMkAGExplore" + (created.Count + 1).ToString("D4", CultureInfo.InvariantCulture) + "=";
                made = new CreatedEvent(id, user, (JsonObject)body.DeepClone(), new Uri("https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + id + "%40thread.v2/0"));
                created.Add(made);
            }
        }

        var answer = (JsonObject)made.Body.DeepClone();
        answer["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#users('{user}')/events/$entity";
        answer["id"] = made.Id;
        answer["onlineMeeting"] = new JsonObject { ["joinUrl"] = made.JoinUrl.AbsoluteUri };
        return (201, answer);
    }

    private MailboxWorkingHours? WorkingHoursOf(string email)
    {
        lock (gate)
        {
            if (mailboxes.TryGetValue(email, out var added))
            {
                return added.WorkingHours ?? new MailboxWorkingHours([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], new TimeOnly(8, 0), new TimeOnly(17, 0), added.TimeZone);
            }
        }

        var person = People.FirstOrDefault(p => p.Email.Equals(email, StringComparison.OrdinalIgnoreCase));
        return person?.MailboxTimeZone is { } zone
            ? new MailboxWorkingHours([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], new TimeOnly(8, 0), new TimeOnly(17, 0), zone)
            : null;
    }

    /// <summary>An action parameter of a request body, whatever the case of its name (Graph matches them case-insensitively).</summary>
    public static JsonNode? Parameter(JsonNode? body, string name) =>
        (body as JsonObject)?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>getSchedule's startTime/endTime: a dateTime with a timeZone Graph knows, read as an instant.</summary>
    private static DateTimeOffset? WindowTime(JsonNode? node) => ZonedTime(node);

    private static DateTimeOffset? ZonedTime(JsonNode? node)
    {
        var text = node?["dateTime"]?.GetValue<string>();
        var zoneName = node?["timeZone"]?.GetValue<string>();
        if (text is null || string.IsNullOrWhiteSpace(zoneName)
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var zone))
        {
            return null;
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }

    private void Violation(string message)
    {
        lock (gate)
        {
            violations.Add(message);
        }
    }

    private static JsonObject Error(int status, string message, string? code = null) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = code ?? status switch { 401 => "InvalidAuthenticationToken", 429 => "TooManyRequests", 503 => "ServiceUnavailable", 504 => "GatewayTimeout", 404 => "ErrorItemNotFound", _ => "ErrorInvalidRequest" },
            ["message"] = status == 429 ? "Application is over its MailboxConcurrency limit." : message,
            ["innerError"] = new JsonObject
            {
                ["date"] = "2026-11-02T09:00:01",
                ["request-id"] = "9f2b6c1e-0d3a-4b7e-8c5f-1a2b3c4d5e6f",
                ["client-request-id"] = "9f2b6c1e-0d3a-4b7e-8c5f-1a2b3c4d5e6f",
            },
        },
    };

    private static async Task WriteAsync(HttpContext context, CalendarRequest request, int status, JsonNode body)
    {
        request.Status = status;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private sealed record SeriesDefinition(
        string MasterId,
        string Subject,
        string Pattern,
        int Interval,
        IReadOnlyList<DayOfWeek> Days,
        TimeOnly LocalStart,
        TimeSpan Duration,
        CalendarPerson Organizer,
        IReadOnlyList<CalendarPerson> Attendees,
        bool IsAllDay = false,
        string Sensitivity = "normal",
        IReadOnlyList<DateOnly>? Cancelled = null,
        string TimeZone = OrganiserTimeZone)
    {
        public DateOnly FirstDate { get; } = new(2026, 9, 2);

        public bool IsCancelledOn(DateOnly day) => Cancelled?.Contains(day) == true;
    }

    private sealed record Occurrence(SeriesDefinition? Series, DateOnly Day, DateTimeOffset Start, DateTimeOffset End, bool IsCancelled);
}
